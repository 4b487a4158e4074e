#!/usr/bin/env python3
"""A stand-in for the platform's job endpoints (docs/ci.md): serves one job, records what the agent sends."""
import json, os, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

repo_url, sha, out = sys.argv[1], sys.argv[2], sys.argv[3]
leased = {"done": False}
log = []

class Handler(BaseHTTPRequestHandler):
    def _send(self, code, body=None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length).decode() if length else ""
        log.append({"path": self.path, "auth": self.headers.get("Authorization"), "body_bytes": len(body)})
        if self.path == "/api/v1/jobs/lease":
            if leased["done"]:
                return self._send(204)
            leased["done"] = True
            return self._send(200, {"id": 1, "project": "gpu-check", "repoUrl": repo_url, "sha": sha, "branch": "main",
                                    "command": os.environ["JOB_COMMAND"], "timeoutSeconds": 900, "leaseSeconds": 30,
                                    "attempt": 1, "pullRequest": None})
        if self.path == "/api/v1/jobs/1/heartbeat":
            return self._send(200, {"leaseExpiresAt": "2026-11-28T23:00:00Z"})
        if self.path in ("/api/v1/jobs/1/complete", "/api/v1/jobs/1/fail"):
            with open(os.path.join(out, self.path.rsplit("/", 1)[1] + ".json"), "w") as f:
                f.write(body)
            self._send(200, {"jobId": 1, "runId": json.loads(body).get("runId"), "duplicate": False, "state": "failed"})
            with open(os.path.join(out, "requests.json"), "w") as f:
                json.dump(log, f, indent=1)
            return
        self._send(404, {"type": "/problems/not-found"})

    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", 18080), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
print("fake platform on 18080", flush=True)
sys.stdin.read()  # until the caller closes stdin
