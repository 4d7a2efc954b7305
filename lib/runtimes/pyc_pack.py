"""pyc_pack.py SRC OUT - the Python runtime as the sandbox reads it on fd 5.

OUT is: the 4-byte magic number of the bytecode of the python3 running this
script (it ends in \r\n), the length of SRC's compiled code (4 bytes,
little-endian), that code (marshal), then SRC itself.  The bootstrap in
lib/src/runtime.c runs the code when the sandbox's python3 has the same
magic number, and compiles SRC otherwise: compiling securer.py is about
3 ms of every start.  When SRC does not compile here, OUT is SRC alone.
"""
import importlib.util
import marshal
import sys

src = open(sys.argv[1], 'rb').read()
try:
    code = marshal.dumps(compile(src, '/proc/self/fd/5', 'exec',
                                 dont_inherit=True))
    head = importlib.util.MAGIC_NUMBER + len(code).to_bytes(4, 'little')
except Exception as e:
    print('pyc_pack.py: %s: %s (the runtime compiles at each start)'
          % (sys.argv[1], e), file=sys.stderr)
    head, code = b'', b''
with open(sys.argv[2], 'wb') as out:
    out.write(head + code + src)
