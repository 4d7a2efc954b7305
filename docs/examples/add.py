# A manifest tool: the arguments arrive as one JSON object on stdin, the
# result leaves as JSON on stdout.  It runs on the host, outside the sandbox.
import json, sys

args = json.load(sys.stdin)
print(json.dumps(args["a"] + args["b"]))
