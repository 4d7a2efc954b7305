# A manifest tool that fails for unknown cities: a non-zero exit status is a
# tool error, and its stderr becomes the error message the code sees.
import json, sys

city = json.load(sys.stdin)["city"]
known = {"Boston": {"temp": 22, "condition": "sunny"}}
if city not in known:
    print(f"no weather for {city}", file=sys.stderr)
    sys.exit(1)
print(json.dumps(known[city]))
