{
	echo "n,square,cube"
	i=1
	while [ $i -le 50 ]; do echo "$i,$((i * i)),$((i * i * i))"; i=$((i + 1)); done
} > results.csv
echo "@@ written $(wc -l < results.csv | tr -d ' ') lines"
echo "@@ done"
