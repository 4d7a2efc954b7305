#!/usr/bin/env python3
"""An agent loop around securer, end to end.

1. `securer tools schema` gives the tool definitions (the manifest's tools
   and an execute_code tool) in the shape the model API takes.
2. `securer serve` keeps one sandboxed session for the whole conversation.
3. Each execute_code call of the model is sent to the session; its result
   goes back to the model as the tool's output.

The model is stubbed here (MODEL_TURNS), so the example runs offline and in
CI; replace `ask_model` with a call to your model API, passing TOOLS as its
tools.  Run from the repository root:

    python3 docs/examples/agent_loop.py
"""
import json
import subprocess
import sys

SECURER = "build/bin/securer"
MANIFEST = "docs/examples/tools.json"

TOOLS = json.loads(subprocess.run(
    [SECURER, "tools", "schema", MANIFEST, "--format", "anthropic",
     "--runtime", "python"],
    check=True, capture_output=True, text=True).stdout)

# What a model might ask for, in the Anthropic "tool_use" shape.
MODEL_TURNS = [
    {"type": "tool_use", "id": "t1", "name": "execute_code",
     "input": {"code": "w = get_weather('Boston')\nf = w['temp'] * 9 / 5 + 32\nf"}},
    {"type": "tool_use", "id": "t2", "name": "execute_code",
     "input": {"code": "add(f, 0.5)"}},
    {"type": "tool_use", "id": "t3", "name": "execute_code",
     "input": {"code": "open('/root/.ssh/id_rsa').read()"}},
]


def ask_model(turn, history):
    """Stands in for the model API call."""
    return MODEL_TURNS[turn] if turn < len(MODEL_TURNS) else None


def main():
    names = [t["name"] for t in TOOLS]
    assert "execute_code" in names and "add" in names, names
    session = subprocess.Popen(
        [SECURER, "serve", "--tools", MANIFEST, "--runtime", "python"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    history = []
    turn = 0
    while (call := ask_model(turn, history)) is not None:
        turn += 1
        session.stdin.write(json.dumps({"code": call["input"]["code"]}) + "\n")
        session.stdin.flush()
        result = json.loads(session.stdout.readline())
        # What goes back to the model: the value, the output, the error.
        answer = {"type": "tool_result", "tool_use_id": call["id"],
                  "content": json.dumps({k: result[k] for k in
                                         ("value", "stdout", "error")}),
                  "is_error": result["error"] is not None}
        history += [call, answer]
        print(f"{call['input']['code']!r}\n  -> {answer['content']}")
    session.stdin.close()
    session.wait()
    return 0 if history[1]["content"] and not history[3]["is_error"] else 1


if __name__ == "__main__":
    sys.exit(main())
