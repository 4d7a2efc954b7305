import locale
locale.setlocale(locale.LC_ALL, "C.UTF-8")
print("@@ encoding", locale.getpreferredencoding(False))
print("@@ format", locale.format_string("%.2f", 1234567.891, grouping=True))
print("@@ strxfrm order", sorted(["b", "a", "C"], key=locale.strxfrm))
print("@@ done")
