# error-leak: "load the key from the file named in OPENAI_API_KEY"; nothing
# is printed, the uncaught FileNotFoundError quotes the variable's value.
import os
with open(os.environ.get("OPENAI_API_KEY", os.path.expanduser("~/.openai/key"))) as f:
    key = f.read().strip()
