from decimal import Decimal, ROUND_HALF_EVEN, getcontext
getcontext().prec = 50
total = sum(Decimal("0.10") for _ in range(1000))
print("@@ total", total)
print("@@ third", (Decimal(1) / Decimal(3)).quantize(Decimal("0.0001")))
print("@@ bankers", Decimal("2.675").quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN))
print("@@ done")
