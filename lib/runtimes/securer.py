"""securer.py - the Python runtime of a securer session (the child side).

The host starts it inside the sandbox as `python3 -I -S -c BOOT`, fd 5
holding this file's code compiled at build time and then this file
(lib/runtimes/pyc_pack.py): BOOT (lib/src/runtime.c) runs the code when the
sandbox's python3 has the bytecode version it was compiled for, else it
compiles this file, named /proc/self/fd/5 either way.  It speaks the session protocol on fds 3 (from the host)
and 4 (to the host); docs/protocol.md is the normative spec, this file only
implements it.  Standard library only: the sandbox has nothing else.

Shape of a session:
    hello -> init -> ready, then for each execute: compile (syntax check,
    nothing runs on error), run in one persistent globals dict, answer
    result or error.  Tools are plain functions in those globals; calling
    one sends tool_call and blocks until the matching tool_result.

The runtime's own state lives in a Runtime instance held by closures, not in
the code's globals, so user code cannot clobber it by accident (it can still
reach anything on purpose; the host trusts none of it).
"""

import _ast
import _json
import _thread
import builtins
import os
import sys

PROTOCOL = 1
IN_FD, OUT_FD = 3, 4
# The host's default message limit.  The child is not told the session's
# actual limit, so it keeps its own messages under the default: a longer line
# would be a protocol error that costs the whole sandbox.
MESSAGE_LIMIT = 1 << 20
TEXT_LIMIT = 64 << 10         # repr, message and traceback, in bytes
LINECACHE_LIMIT = 8 << 20     # source kept for tracebacks of older executes
INF = float('inf')

# Frames whose code lives in this file are the runtime's, never shown.
OWN_FILE = sys._getframe().f_code.co_filename

# Startup imports only what the protocol needs before `ready` (the
# interpreter runs with -S; site and the modules for tracebacks come after
# `ready`, see Runtime.settle).  JSON is the json package's own C codec
# (_json), built as json.JSONEncoder and json.JSONDecoder build it, without
# importing the package and re: same output, same errors (ValueError).
# Compact, no NaN/Infinity (not JSON), raw UTF-8 rather than \u escapes: a
# lone surrogate then fails at .encode() instead of reaching the host as an
# escape its parser would reject.


def _no_json(o):
    raise TypeError('Object of type %s is not JSON serializable'
                    % o.__class__.__name__)


def ENCODE(obj):
    if isinstance(obj, str):
        return _json.encode_basestring(obj)
    return ''.join(_json.make_encoder({}, _no_json, _json.encode_basestring,
                                      None, ':', ',', False, False,
                                      False)(obj, 0))


class _DecodeContext:
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = {'-Infinity': -INF, 'Infinity': INF,
                      'NaN': float('nan')}.__getitem__


_SCAN = _json.make_scanner(_DecodeContext())
_SPACE = ' \t\n\r'


def DECODE(s):
    s = s.strip(_SPACE)
    try:
        obj, end = _SCAN(s, 0)
    except StopIteration:
        raise ValueError('Expecting value') from None
    if end != len(s):
        raise ValueError('Extra data at char %d' % end)
    return obj


class ToolError(RuntimeError):
    """A tool failed on the host; str(e) is the host's error message."""


ToolError.__module__ = 'securer'


def fatal(what):
    """The host sent something this runtime cannot follow: say so, exit 2."""
    try:
        os.write(2, ('securer.py: %s\n' % what).encode('utf-8', 'replace'))
    finally:
        os._exit(2)


def flush_std():
    """Flush the code's stdout and stderr (protocol rule 7).  The code may have
    replaced or closed them; the originals are flushed as well."""
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except BaseException:
            pass


def text(s, limit=None):
    """s as a str that encodes to at most limit (default TEXT_LIMIT) bytes
    of valid UTF-8 (lone surrogates become backslash escapes)."""
    if limit is None:
        limit = TEXT_LIMIT
    b = s.encode('utf-8', 'backslashreplace')
    if len(b) <= limit:
        return s if len(b) == len(s) else b.decode('utf-8')
    # Keep the head and the tail: the end of a traceback or a message is
    # usually the part that matters.
    mark = b'\n... [%d bytes omitted] ...\n' % (len(b) - limit)
    head = (limit - len(mark)) // 4
    tail = limit - len(mark) - head
    return (b[:head].decode('utf-8', 'ignore') + mark.decode() +
            b[len(b) - tail:].decode('utf-8', 'ignore'))


def safe_str(obj, fn=str):
    try:
        return fn(obj)
    except BaseException as e:
        return '<%s() failed: %s>' % (fn.__name__, type(e).__name__)


def exc_name(exc_type):
    """The name Python's own tracebacks print: module-qualified unless it is a
    builtin or was defined by the code itself."""
    name = getattr(exc_type, '__qualname__', exc_type.__name__)
    mod = getattr(exc_type, '__module__', None)
    if mod not in (None, 'builtins', '__main__'):
        name = '%s.%s' % (mod, name)
    return name


def strip_own_frames(te, seen):
    """Remove this file's frames from a TracebackException and every exception
    chained to it, so the traceback shows the code's frames only."""
    if te is None or id(te) in seen:
        return
    seen.add(id(te))
    te.stack = type(te.stack).from_list(
        [f for f in te.stack if f.filename != OWN_FILE])
    strip_own_frames(te.__cause__, seen)
    strip_own_frames(te.__context__, seen)
    for sub in getattr(te, 'exceptions', None) or ():
        strip_own_frames(sub, seen)


def describe_exception(exc):
    """(kind, message, traceback) for an exception raised by the code."""
    kind = 'limit' if isinstance(exc, (MemoryError, RecursionError)) else 'runtime'
    detail = safe_str(exc)
    message = exc_name(type(exc)) + (': ' + detail if detail else '')
    try:
        import traceback
        te = traceback.TracebackException(type(exc), exc, exc.__traceback__)
        strip_own_frames(te, set())
        tb = ''.join(te.format())
    except BaseException as e:     # e.g. MemoryError again, a broken __str__
        tb = 'traceback unavailable (%s)\n' % type(e).__name__
    return kind, message, tb


# The argument types of the protocol: (check, article + name).  A check
# returns the value to send or raises ValueError with the reason.
def _check_string(v):
    if isinstance(v, str):
        return v
    raise ValueError


def _check_number(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError
    if isinstance(v, float) and (v != v or v in (INF, -INF)):
        raise ValueError('must be a finite number, not %r' % v)
    return v


def _check_integer(v):
    if isinstance(v, int) and not isinstance(v, bool):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    raise ValueError


def _check_boolean(v):
    if isinstance(v, bool):
        return v
    raise ValueError


def _check_object(v):
    if isinstance(v, dict):
        return v
    raise ValueError


def _check_array(v):
    if isinstance(v, (list, tuple)):
        return v
    raise ValueError


ARG_TYPES = {
    'string': (_check_string, 'a string'),
    'number': (_check_number, 'a number'),
    'integer': (_check_integer, 'an integer'),
    'boolean': (_check_boolean, 'a boolean'),
    'object': (_check_object, 'an object (dict)'),
    'array': (_check_array, 'an array (list or tuple)'),
}


class Runtime:
    def __init__(self):
        self.pid = os.getpid()
        self.reader = open(IN_FD, 'rb', buffering=1 << 16, closefd=False)
        self.call_id = 0
        # Tools may be called from threads the code starts: one call at a
        # time on the wire, or replies would go to the wrong caller.
        self.call_lock = _thread.allocate_lock()
        self.executes = 0
        self.cached_sources = []   # (filename, size), oldest first
        self.cached_bytes = 0
        self.globals = None

    # ---- transport ---------------------------------------------------------

    def send(self, line):
        """Write one message (bytes, newline included) to the host."""
        try:
            n = os.write(OUT_FD, line)
            if n < len(line):
                view = memoryview(line)[n:]
                while view:
                    view = view[os.write(OUT_FD, view):]
        except OSError as e:
            fatal('cannot write to the host: %s' % e)

    def send_obj(self, msg):
        self.send(ENCODE(msg).encode('utf-8') + b'\n')

    def receive(self):
        """The next message from the host, a dict with a string type.  At EOF
        (the host closed fd 3, rule 8) the runtime exits 0."""
        try:
            line = self.reader.readline()
        except OSError as e:
            fatal('cannot read from the host: %s' % e)
        if not line.endswith(b'\n'):
            if line:
                fatal('message from the host without a newline at EOF')
            flush_std()
            os._exit(0)
        try:
            msg = DECODE(line.decode('utf-8'))
        except ValueError as e:        # includes UnicodeDecodeError
            fatal('malformed message from the host: %s' % e)
        if type(msg) is not dict or type(msg.get('type')) is not str:
            fatal('message from the host is not an object with a string type')
        return msg

    # ---- startup -----------------------------------------------------------

    def start(self):
        for fd in (IN_FD, OUT_FD):
            try:
                os.set_blocking(fd, True)   # the code below assumes blocking
            except OSError as e:
                fatal('fd %d: %s' % (fd, e))
        self.send_obj({'type': 'hello', 'protocol': PROTOCOL,
                       'runtime': 'python',
                       'version': '%d.%d.%d' % sys.version_info[:3],
                       'pid': self.pid})
        msg = self.receive()
        if msg['type'] != 'init':
            fatal('expected init, got %r' % msg['type'])
        # The host's message limit: larger lines would be refused by it.
        limit = msg.get('message_bytes')
        if type(limit) is int and limit > 0:
            # Texts shrink with it: even escaped six-fold, a message and
            # a traceback of TEXT_LIMIT bytes each fit in one message.
            global MESSAGE_LIMIT, TEXT_LIMIT
            MESSAGE_LIMIT = limit
            TEXT_LIMIT = min(TEXT_LIMIT, max(limit // 16, 64))
        tools = msg.get('tools')
        if type(tools) is not list:
            fatal('init: tools must be an array')

        # The code's namespace: a fresh __main__ module, so pickle and
        # friends find classes the code defines, and the runtime's own
        # module globals stay out of reach of plain names.
        main = type(sys)('__main__')
        main.__builtins__ = builtins
        sys.modules['__main__'] = main
        module = type(sys)('securer')
        module.__doc__ = 'Names the securer runtime gives the code.'
        module.ToolError = ToolError
        sys.modules['securer'] = module
        sys.argv = ['']
        g = self.globals = main.__dict__
        # Both spellings work without an import: securer.ToolError, ToolError.
        g['securer'] = module
        g['ToolError'] = ToolError
        for spec in tools:
            tool = self.make_tool(spec)
            g[tool.__name__] = tool
        self.send(b'{"type":"ready"}\n')
        self.settle()

    def settle(self):
        """What the code expects of a Python started without -S, done after
        `ready` and before the first execute is read: site (site-packages and
        Debian's dist-packages on sys.path, their .pth files, sitecustomize,
        and the exit/help builtins), then the modules every execute uses.
        The host's first execute waits in the pipe meanwhile."""
        try:
            import site
            site.main()
        except Exception as e:   # python3 -I would not have started at all
            os.write(2, ('securer.py: site: %s: %s\n'
                         % (type(e).__name__, e)).encode('utf-8', 'replace'))
        import linecache   # noqa: F401 (imports tokenize, re)

    def make_tool(self, spec):
        if type(spec) is not dict:
            fatal('init: a tool must be an object')
        name, args = spec.get('name'), spec.get('args')
        desc = spec.get('description', '')
        if type(name) is not str or type(args) is not list or type(desc) is not str:
            fatal('init: a tool needs a string name, an args array and a '
                  'string description')
        names, checks = [], []
        for arg in args:
            if (type(arg) is not dict or type(arg.get('name')) is not str
                    or arg.get('type') not in ARG_TYPES):
                fatal('init: tool %r: bad argument %r' % (name, arg))
            if arg['name'] in names:
                fatal('init: tool %r: argument %r twice' % (name, arg['name']))
            names.append(arg['name'])
            checks.append((arg['name'], arg['type']) + ARG_TYPES[arg['type']])
        names, checks = tuple(names), tuple(checks)
        # The tool's part of every tool_call line, encoded once.
        tail = (',"tool":%s,"args":' % ENCODE(name)).encode('utf-8')
        call = self.call_tool

        def tool(*args, **kwargs):
            return call(name, names, checks, tail, args, kwargs)

        tool.__name__ = tool.__qualname__ = name
        tool.__module__ = 'securer'
        tool.__doc__ = '%s(%s)\n\n%s' % (
            name, ', '.join('%s: %s' % (c[0], c[1]) for c in checks), desc)
        return tool

    # ---- tools -------------------------------------------------------------

    def bind(self, name, names, args, kwargs):
        """Map a call's arguments to the declared names, Python-style."""
        if len(args) > len(names):
            raise TypeError('%s() takes %d positional argument%s but %d %s given'
                            % (name, len(names), '' if len(names) == 1 else 's',
                               len(args), 'was' if len(args) == 1 else 'were'))
        bound = dict(zip(names, args))
        for key, value in kwargs.items():
            if key not in names:
                raise TypeError("%s() got an unexpected keyword argument '%s'"
                                % (name, key))
            if key in bound:
                raise TypeError("%s() got multiple values for argument '%s'"
                                % (name, key))
            bound[key] = value
        missing = [n for n in names if n not in bound]
        if missing:
            listed = ["'%s'" % n for n in missing]
            if len(listed) > 1:
                listed[-2:] = ['%s and %s' % (listed[-2], listed[-1])]
            raise TypeError('%s() missing %d required argument%s: %s'
                            % (name, len(missing), '' if len(missing) == 1 else 's',
                               ', '.join(listed)))
        return bound

    def call_tool(self, name, names, checks, tail, args, kwargs):
        if kwargs or len(args) != len(names):
            bound = self.bind(name, names, args, kwargs)
            args = [bound[n] for n in names]
        values = {}
        for (arg, _, check, wanted), value in zip(checks, args):
            try:
                values[arg] = check(value)
            except ValueError as e:
                reason = str(e) or 'must be %s, not %s' % (wanted, type(value).__name__)
                raise TypeError("%s(): argument '%s' %s" % (name, arg, reason)) from None
        try:
            payload = ENCODE(values).encode('utf-8')
        except (TypeError, ValueError) as e:    # also UnicodeEncodeError
            self.args_error(name, values, e)
        if os.getpid() != self.pid:
            raise RuntimeError('%s(): tools can only be called from the '
                               "session's own process, not a fork" % name)
        with self.call_lock:
            self.call_id += 1
            call_id = self.call_id
            line = b'{"type":"tool_call","id":%d' % call_id + tail + payload + b'}\n'
            if len(line) > MESSAGE_LIMIT:
                raise ValueError('%s(): the arguments are too large (%d bytes of '
                                 'JSON; the limit is %d)'
                                 % (name, len(line), MESSAGE_LIMIT))
            self.send(line)
            reply = self.receive()
        if (reply['type'] != 'tool_result' or type(reply.get('id')) is not int
                or reply['id'] != call_id):
            fatal('expected tool_result %d, got %s %r'
                  % (call_id, reply['type'], reply.get('id')))
        if 'error' in reply:
            if type(reply['error']) is not str or 'value' in reply:
                fatal('tool_result %d: error must be a string, alone' % call_id)
            raise ToolError(reply['error'])
        if 'value' not in reply:
            fatal('tool_result %d has neither value nor error' % call_id)
        return reply['value']

    def args_error(self, name, values, exc):
        """Name the argument whose value has no JSON form."""
        for arg, value in values.items():
            try:
                ENCODE(value).encode('utf-8')
            except (TypeError, ValueError) as e:
                raise TypeError("%s(): argument '%s' cannot be sent as JSON: %s"
                                % (name, arg, e)) from None
        raise TypeError('%s(): arguments cannot be sent as JSON: %s' % (name, exc))

    # ---- execute -----------------------------------------------------------

    def compile(self, code, filename):
        """Compile code as the interactive interpreter would: the last
        statement, when it is an expression, separately in 'eval' mode so its
        value can be returned.  Raises SyntaxError and friends; runs nothing."""
        tree = compile(code, filename, 'exec', _ast.PyCF_ONLY_AST, dont_inherit=True)
        last = None
        if tree.body and isinstance(tree.body[-1], _ast.Expr):
            last = _ast.Expression(tree.body.pop().value)
        body = compile(tree, filename, 'exec', dont_inherit=True)
        if last is not None:
            last = compile(last, filename, 'eval', dont_inherit=True)
        return body, last

    def remember_source(self, filename, code):
        """Let tracebacks and inspect show the code's lines, also for functions
        called in later executes; drop the oldest sources past a budget."""
        import linecache
        linecache.cache[filename] = (len(code), None,
                                     code.splitlines(True), filename)
        self.cached_sources.append((filename, len(code)))
        self.cached_bytes += len(code)
        while self.cached_bytes > LINECACHE_LIMIT and len(self.cached_sources) > 1:
            old, size = self.cached_sources.pop(0)
            linecache.cache.pop(old, None)
            self.cached_bytes -= size

    def execute(self, exec_id, code):
        self.executes += 1
        filename = '<execute %d>' % self.executes
        try:
            body, last = self.compile(code, filename)
        except SyntaxError as e:
            where = ' (line %d)' % e.lineno if e.lineno else ''
            name = '' if type(e) is SyntaxError else exc_name(type(e)) + ': '
            import traceback
            tb = ''.join(traceback.format_exception_only(type(e), e))
            return self.error(exec_id, 'syntax', name + safe_str(e.msg) + where, tb)
        except (MemoryError, RecursionError) as e:
            return self.error(exec_id, 'limit', exc_name(type(e)) + ': '
                              + safe_str(e) + ' (while compiling)')
        except Exception as e:     # ValueError for NUL bytes, among others
            return self.error(exec_id, 'syntax', exc_name(type(e)) + ': ' + safe_str(e))
        self.remember_source(filename, code)

        g = self.globals
        try:
            exec(body, g)
            value = None if last is None else eval(last, g)
        except BaseException as e:    # SystemExit and KeyboardInterrupt too
            self.leave_if_forked()
            kind, message, tb = describe_exception(e)
            return self.error(exec_id, kind, message, tb)
        self.leave_if_forked()
        self.result(exec_id, value)

    def leave_if_forked(self):
        """Code that forked without exiting returns here in the child too;
        only the session's own process may answer the host."""
        if os.getpid() != self.pid:
            flush_std()
            os._exit(0)

    def result(self, exec_id, value):
        if value is None:
            flush_std()
            return self.send(b'{"type":"result","id":%d,"value":null}\n' % exec_id)
        rep = ENCODE(text(safe_str(value, repr))).encode('utf-8')
        head = b'{"type":"result","id":%d,"value":' % exec_id
        try:
            js = ENCODE(value).encode('utf-8')
        except BaseException:         # no JSON form, NaN, lone surrogates...
            js = b'null'
        if len(head) + len(js) + len(rep) + 12 > MESSAGE_LIMIT:
            js = b'null'              # too large to send: the repr stands in
        flush_std()
        self.send(head + js + b',"repr":' + rep + b'}\n')

    def error(self, exec_id, kind, message, tb=None):
        msg = {'type': 'error', 'id': exec_id, 'kind': kind, 'message': text(message)}
        if tb:
            msg['traceback'] = text(tb)
        flush_std()
        self.send_obj(msg)

    def serve(self):
        while True:
            msg = self.receive()
            if msg['type'] != 'execute':
                fatal('expected execute, got %r' % msg['type'])
            exec_id, code = msg.get('id'), msg.get('code')
            if type(exec_id) is not int or type(code) is not str:
                fatal('execute needs an integer id and a string code')
            self.execute(exec_id, code)


def main():
    runtime = Runtime()
    runtime.start()
    runtime.serve()


main()
