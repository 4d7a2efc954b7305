import http.server, threading, urllib.request
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = ("hello " + self.path).encode()
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *a):
        pass
srv = http.server.HTTPServer(("127.0.0.1", 0), H)
t = threading.Thread(target=srv.serve_forever, daemon=True); t.start()
with urllib.request.urlopen("http://127.0.0.1:%d/x?y=1" % srv.server_address[1], timeout=5) as r:
    print("@@ status", r.status, "body", r.read().decode())
srv.shutdown(); srv.server_close()
print("@@ done")
