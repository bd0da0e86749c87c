"""Demo receiver in Python: POST /webhook with a Stripe-style signature header (stdlib server)."""

import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from edgeward import Webhook, WebhookVerificationError

webhook = Webhook(os.environ["WEBHOOK_SECRETS"].split(" "))


class Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        try:
            verified = webhook.verify(body, self.headers.get("stripe-signature"))
            status, reply = (
                200,
                {"ok": True, "timestamp": verified.timestamp, "secretIndex": verified.secret_index},
            )
        except WebhookVerificationError as error:
            status, reply = 400, {"ok": False, "code": error.code}
        data = json.dumps({"runtime": "python", **reply}).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(json.dumps({"port": server.server_address[1]}), flush=True)
server.serve_forever()
