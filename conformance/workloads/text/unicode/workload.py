import unicodedata
s = "Grüße, Åsa! naïve café — 東京 🚀"
print("@@ chars", len(s), "bytes", len(s.encode("utf-8")))
print("@@ upper", s.upper())
print("@@ nfd length", len(unicodedata.normalize("NFD", s)))
print("@@ name", unicodedata.name("🚀"))
print("@@ sorted", sorted(["été", "zebra", "Éclair", "apple"], key=str.casefold))
with open("wl-utf8.txt", "w", encoding="utf-8") as f:
    f.write(s)
print("@@ file round trip", open("wl-utf8.txt", encoding="utf-8").read() == s)
import os; os.unlink("wl-utf8.txt")
print("@@ done")
