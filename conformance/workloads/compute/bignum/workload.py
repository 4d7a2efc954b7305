from fractions import Fraction
import math
n = 2 ** 4000
print("@@ digits of 2^4000:", len(str(n)), "digit sum:", sum(map(int, str(n))))
print("@@ 200! mod 1000003:", math.factorial(200) % 1000003)
h = sum(Fraction(1, k) for k in range(1, 60))
print("@@ H(59) denominator digits:", len(str(h.denominator)))
print("@@ done")
