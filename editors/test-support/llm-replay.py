#!/usr/bin/env python3
"""An OpenAI-compatible chat completions server on 127.0.0.1 for the editor tests: it streams a
fixed answer ("Alice split the parser's tokens on ASCII whitespace." in pieces, with short
pauses) as documented `chat.completion.chunk` events ending in `data: [DONE]`, so an editor's
streamed explain view can be checked word for word. Writes its port to PORT_FILE; every request
body is appended to PORT_FILE.requests (one JSON per line). Usage: llm-replay.py PORT_FILE"""
import http.server
import json
import sys
import time

PIECES = ["Alice split ", "the parser's tokens ", "on ASCII whitespace."]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        with open(sys.argv[1] + ".requests", "a") as f:
            f.write(body.decode("utf-8", "replace").replace("\n", " ") + "\n")
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("connection", "close")
        self.end_headers()

        def event(obj):
            self.wfile.write(("data: " + (obj if isinstance(obj, str) else json.dumps(obj)) + "\n\n").encode())
            self.wfile.flush()

        try:
            for p in PIECES:
                event({"choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}]})
                time.sleep(0.05)
            event({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                   "usage": {"prompt_tokens": 40, "completion_tokens": len(PIECES)}})
            event("[DONE]")
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
