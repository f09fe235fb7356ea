"""A minimal loopback HTTP/1.1 server for the per-request benchmark, run in its own process
(so it does not share the measured client's interpreter lock).

Reads the response body from stdin, answers it to every GET with keep-alive and
``Cache-Control: no-store`` (an HTTP cache in the client may not answer in its place), and
prints its port on stdout. Standard library only: ``python benchmarks/_server.py < body.json``.
"""

from __future__ import annotations

import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def serve(body: bytes) -> None:
    """Answer ``body`` to every GET on 127.0.0.1 (a free port, printed) until killed."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive
        disable_nagle_algorithm = True  # headers and body are written apart

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "no-store")  # every call goes over the wire
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    serve(sys.stdin.buffer.read())
