#!/usr/bin/env python3
# net-proxy.py: a small forwarding HTTP proxy for the network tests: each
# GET for an absolute http:// URL is fetched from its server and passed
# back (status, length, body), and logged on stdout as
# "net-proxy: GET URL STATUS"; any other request is refused (501).
#
#   net-proxy.py ADDR PORT
import http.client
import http.server
import sys
import urllib.parse


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, fmt, *args):
        pass

    def say(self, status):
        print("net-proxy: %s %s %s" % (self.command, self.path, status),
              flush=True)

    def do_GET(self):
        u = urllib.parse.urlsplit(self.path)
        if u.scheme != "http" or not u.hostname:
            self.say(501)
            return self.send_error(501, "absolute http:// URLs only")
        path = u.path or "/"
        if u.query:
            path += "?" + u.query
        try:
            c = http.client.HTTPConnection(u.hostname, u.port or 80,
                                           timeout=10)
            c.request("GET", path, headers={"Host": u.netloc})
            r = c.getresponse()
        except OSError as e:
            self.say(502)
            return self.send_error(502, "cannot reach %s: %s" % (u.netloc, e))
        self.say(r.status)
        self.send_response(r.status)
        for k in ("Content-Length", "Content-Type", "Location"):
            if r.getheader(k):
                self.send_header(k, r.getheader(k))
        self.end_headers()
        while True:
            chunk = r.read(65536)
            if not chunk:
                break
            self.wfile.write(chunk)
        c.close()

    def do_CONNECT(self):
        self.say(501)
        self.send_error(501, "no CONNECT here")


def main():
    srv = http.server.ThreadingHTTPServer((sys.argv[1], int(sys.argv[2])),
                                          Proxy)
    print("listening", flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
