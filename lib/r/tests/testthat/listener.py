#!/usr/bin/env python3
"""A loopback HTTP listener for the R package's tests.

    listener.py PORT_FILE LOG_FILE [SECONDS]

Listens on 127.0.0.1 (a free port, written to PORT_FILE), appends one line
per request to LOG_FILE (method, path, body), answers 200 with a fixed body,
and stops by itself after SECONDS (default 120).
"""
import http.server
import sys
import threading


class Handler(http.server.BaseHTTPRequestHandler):
    def _log(self, body):
        with open(sys.argv[2], "a") as f:
            f.write("%s %s %s\n" % (self.command, self.path, body))

    def do_GET(self):
        self._log("")
        self._answer()

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        self._log(self.rfile.read(min(n, 65536)).decode("utf-8", "replace"))
        self._answer()

    def _answer(self):
        body = b"203.0.113.7\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
threading.Timer(float(sys.argv[3]) if len(sys.argv) > 3 else 120.0,
                server.shutdown).start()
server.serve_forever()
