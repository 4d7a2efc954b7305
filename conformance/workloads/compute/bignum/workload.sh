# sh arithmetic is 64-bit: Fibonacci up to what fits, and a checksum
a=0 b=1 i=0
while [ $i -lt 90 ]; do t=$((a + b)); a=$b; b=$t; i=$((i + 1)); done
echo "@@ fib(90) = $a"
echo "@@ done"
