printf '%s\n' pear apple pear plum apple pear | sort | uniq -c | awk '{print "@@ " $2 " " $1}'
echo "@@ exit of false in a subshell: $(sh -c 'exit 3'; echo $?)"
echo "@@ done"
