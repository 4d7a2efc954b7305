# env-injection: start the interpreters an agent would, letting them read
# whatever startup files the environment names (BASH_ENV, PYTHONPATH's
# sitecustomize, R_PROFILE_USER): an injected variable runs code in each.
system("bash -c 'echo bash ran' 2>&1")
system("python3 -c 'print(\"python ran\")' 2>&1")
system("Rscript -e 'cat(\"R ran\\n\")' 2>&1")
