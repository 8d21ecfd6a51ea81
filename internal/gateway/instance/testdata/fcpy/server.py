# A server written for FC's custom runtime as users write them: it listens
# on a hard-coded 0.0.0.0:9000 (or HOST from argv) and reads /code at start.
import http.server, json, os, socket, sys, urllib.parse

GREETING = open("/code/greeting.txt").read().strip()
HOST = sys.argv[1] if len(sys.argv) > 1 else "0.0.0.0"


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        if url.path == "/env":
            body = {"greeting": GREETING, "cwd": os.getcwd(), "uid": os.getuid(),
                    "instance": os.environ.get("FC_INSTANCE_ID"),
                    "port": os.environ.get("FC_SERVER_PORT"),
                    "code_path": os.environ.get("FC_FUNC_CODE_PATH"),
                    "exe": sys.executable, "prefix": sys.prefix}
        elif url.path == "/read":
            try:
                with open(q["path"]) as f:
                    body = {"ok": True, "data": f.read()}
            except OSError as e:
                body = {"ok": False, "error": e.strerror}
        elif url.path == "/connect":
            try:
                with socket.create_connection((q.get("host", "127.0.0.1"), int(q["port"])), timeout=10) as c:
                    body = {"ok": True, "data": c.makefile().readline()}
            except OSError as e:
                body = {"ok": False, "error": e.strerror or str(e)}
        elif url.path == "/statfs":
            st = os.statvfs(q["path"])
            body = {"ok": True, "data": str(st.f_blocks * st.f_frsize)}
        elif url.path == "/alloc":
            hog = bytearray(int(q["mb"]) << 20)  # touched: zero-filled by the allocator
            for i in range(0, len(hog), 4096):
                hog[i] = 1
            body = {"ok": True}
        elif url.path == "/write":
            try:
                with open(q["path"], "w") as f:
                    f.write(q.get("data", "x"))
                body = {"ok": True}
            except OSError as e:
                body = {"ok": False, "error": e.strerror}
        else:
            self.send_error(404)
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


print("listening on %s:9000" % HOST, flush=True)
http.server.ThreadingHTTPServer((HOST, 9000), Handler).serve_forever()
