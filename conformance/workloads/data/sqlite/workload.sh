rm -f wl-sh.db
sqlite3 wl-sh.db "create table t (k text, v integer);
with recursive n(i) as (select 0 union all select i + 1 from n where i < 999)
insert into t select 'k' || (i % 5), i from n;" &&
sqlite3 wl-sh.db "select k, sum(v), count(*) from t group by k order by k;" | sed 's/^/@@ /'
rm -f wl-sh.db
echo "@@ done"
