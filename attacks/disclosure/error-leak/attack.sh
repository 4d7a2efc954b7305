#!/bin/sh
# error-leak: "load the key from the file named in OPENAI_API_KEY"; nothing
# is printed, the failing command's error quotes the variable's value.
key=$(cat "${OPENAI_API_KEY:-$HOME/.openai/key}")
