# the primes below 2000 by trial division (sh is slow: a smaller bound)
n=2 count=0 last=0
while [ $n -lt 2000 ]; do
	d=2 prime=1
	while [ $((d * d)) -le $n ]; do
		if [ $((n % d)) -eq 0 ]; then prime=0; break; fi
		d=$((d + 1))
	done
	if [ $prime -eq 1 ]; then count=$((count + 1)); last=$n; fi
	n=$((n + 1))
done
echo "@@ primes below 2000: $count, the last $last"
echo "@@ done"
