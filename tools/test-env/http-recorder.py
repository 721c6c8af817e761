#!/usr/bin/env python3
"""A tiny HTTP server for the test-environment self-tests: serves the files of DIR (GET) and appends every
request, its method, path and body (POST, PUT), to DIR/requests.log, one line each, so that a script can wait
for a guest's callback by polling that file. Binds 127.0.0.1 only, on PORT (0: any free port), and prints the
port on its first line of output once it listens.

    http-recorder.py DIR [PORT]
"""
import http.server
import os
import sys
import urllib.parse

root = os.path.abspath(sys.argv[1])
port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
log_path = os.path.join(root, "requests.log")


class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=root, **kwargs)

    def record(self, body=b""):
        text = body.decode("utf-8", "replace").replace("\n", "\\n")
        with open(log_path, "a", encoding="utf-8") as log:
            log.write(f"{self.command} {urllib.parse.unquote(self.path)} {text}\n")

    def do_GET(self):
        self.record()
        super().do_GET()

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.record(self.rfile.read(length) if length else b"")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST

    def log_message(self, fmt, *args):
        # requests.log is the record; the default log on stderr would only repeat it.
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
