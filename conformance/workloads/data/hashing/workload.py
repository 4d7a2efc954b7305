import hashlib, hmac
data = b"".join(b"%d\n" % i for i in range(100000))
for n in ("sha256", "sha1", "md5", "blake2b"):
    print("@@", n, hashlib.new(n, data).hexdigest()[:32])
print("@@ hmac", hmac.new(b"key", data, "sha256").hexdigest()[:32])
print("@@ done")
