import gzip, bz2, lzma, zlib, zipfile, io
data = "".join("row %d,%d\n" % (i, i * i % 977) for i in range(20000)).encode()
for name, c, d in (("gzip", lambda b: gzip.compress(b, mtime=0), gzip.decompress), ("bz2", bz2.compress, bz2.decompress), ("xz", lzma.compress, lzma.decompress)):
    z = c(data)
    print("@@", name, "round trip", d(z) == data, "size", len(z))
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
    zf.writestr(zipfile.ZipInfo("a.csv", (2020, 1, 1, 0, 0, 0)), data)
print("@@ zip crc", zipfile.ZipFile(io.BytesIO(buf.getvalue())).testzip() is None, "adler32", zlib.adler32(data))
print("@@ done")
