#!/usr/bin/env python3
# net-server.py: the HTTP(S) server of the network tests: serves a folder,
# plus a few hostile paths, and answers proxy requests (absolute URLs).
#
#   net-server.py ADDR PORT DIR [CERT KEY]      (TLS when CERT and KEY given)
#
#   /loop-a, /loop-b   redirect to each other forever
#   /redirect/NAME     redirects once to /NAME
#   /to-file           redirects to file:///etc/passwd
#   /stream            bytes without a Content-Length until the client stops
#   /flaky/NAME        503 on the first request, then /NAME
#   /hang              headers, then silence for 60 s (a server that stalls)
#   /silent/NAME       the request read and logged, never answered (10 min)
#   GET http://host/NAME (a proxy request): /NAME (the log shows the
#   absolute URL of its request line)
import http.server
import os
import socket
import ssl
import sys
import time

flaky_seen = set()


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, fmt, *args):
        sys.stderr.write("net-server: " + (fmt % args) + "\n")

    def redirect(self, where):
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def stream(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.end_headers()
        chunk = b"x" * 65536
        try:
            for _ in range(4096):       # 256 MiB at most
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass

    def do_GET(self):
        proxied = self.path.startswith("http://")
        if proxied:
            rest = self.path[len("http://"):]
            self.path = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        p = self.path
        if p == "/loop-a":
            return self.redirect("/loop-b")
        if p == "/loop-b":
            return self.redirect("/loop-a")
        if p.startswith("/redirect/"):
            return self.redirect("/" + p[len("/redirect/"):])
        if p == "/to-file":
            return self.redirect("file:///etc/passwd")
        if p == "/stream":
            return self.stream()
        if p == "/hang":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.flush()
            time.sleep(60)
            return None
        if p.startswith("/silent/"):
            sys.stderr.write("net-server: silent: %s\n" % self.requestline)
            sys.stderr.flush()
            time.sleep(600)
            self.close_connection = True
            return None
        if p.startswith("/flaky/"):
            if p not in flaky_seen:
                flaky_seen.add(p)
                return self.send_error(503, "try again")
            self.path = "/" + p[len("/flaky/"):]
        return super().do_GET()


def main():
    addr, port, root = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.chdir(root)
    if ":" in addr:     # an IPv6 address (the DHCPv6 tests)
        http.server.ThreadingHTTPServer.address_family = socket.AF_INET6
    srv = http.server.ThreadingHTTPServer((addr, port), Handler)
    if len(sys.argv) > 5:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[4], sys.argv[5])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    print("listening", flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
