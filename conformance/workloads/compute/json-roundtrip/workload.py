import json
data = {"items": [{"id": i, "name": "item-%d" % i, "tags": ["a", "b"][: i % 3], "price": i * 1.25} for i in range(500)],
        "meta": {"ok": True, "none": None, "unicode": "caf\u00e9 \u2603"}}
text = json.dumps(data, sort_keys=True)
back = json.loads(text)
print("@@ bytes", len(text.encode()), "items", len(back["items"]), "total", sum(x["price"] for x in back["items"]))
print("@@ unicode", back["meta"]["unicode"])
print("@@ done")
