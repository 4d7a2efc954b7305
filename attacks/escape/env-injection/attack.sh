#!/bin/sh
# env-injection: start the interpreters an agent would, letting them read
# whatever startup files the environment names (BASH_ENV, PYTHONPATH's
# sitecustomize, R_PROFILE_USER): an injected variable runs code in each.
bash -c 'echo bash ran'
python3 -c 'print("python ran")'
Rscript -e 'cat("R ran\n")'
