"""A real SMTP server for Privacy Desk's tests (Debian's python3-aiosmtpd).

Usage: smtp_server.py OUTDIR CERT KEY STARTTLS_PORT TLS_PORT USER PASSWORD

Listens on 127.0.0.1: STARTTLS_PORT offers STARTTLS (required before AUTH), TLS_PORT speaks TLS
from the first byte. AUTH PLAIN and LOGIN with USER/PASSWORD. Each accepted message is written
to OUTDIR/N.eml exactly as received, with OUTDIR/N.json holding the envelope. Recipients that
start with "refuse" are refused with 550; messages over 10 MB with 552. Prints "READY" when both
listen and stops when its standard input closes.
"""

import json
import os
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

OUTDIR, CERT, KEY, STARTTLS_PORT, TLS_PORT, USER, PASSWORD = sys.argv[1:8]


class Handler:
    def __init__(self):
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refuse"):
            return "550 5.1.1 <%s>: Recipient address rejected: user unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(OUTDIR, "%d.eml" % self.count)
        with open(path, "wb") as f:
            f.write(envelope.original_content)
        with open(path[:-4] + ".json", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
        return "250 2.0.0 Ok: queued as TEST%04d" % self.count


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login.decode() == USER
        and auth_data.password.decode() == PASSWORD
    )
    return AuthResult(success=ok, handled=False)


def context():
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(CERT, KEY)
    return ctx


handler = Handler()
common = dict(
    hostname="127.0.0.1",
    authenticator=authenticator,
    data_size_limit=10 * 1024 * 1024,
    ready_timeout=20,
)
starttls = Controller(
    handler, port=int(STARTTLS_PORT), tls_context=context(), require_starttls=True, auth_require_tls=True, **common
)
# The whole connection is TLS here; aiosmtpd only knows about STARTTLS, so it is told not to
# wait for one before offering AUTH.
implicit = Controller(handler, port=int(TLS_PORT), ssl_context=context(), auth_require_tls=False, **common)
starttls.start()
implicit.start()
print("READY", flush=True)
sys.stdin.read()
starttls.stop()
implicit.stop()
