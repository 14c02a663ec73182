#!/usr/bin/env python3
"""A 平安365 platform script for Yanpan, with the Python standard library only.

It shows the four things a platform script does:

  1. signs in with its service account's client credentials (`POST /auth/token`);
  2. pushes a batch of cases (`POST /cases/batch`, with an Idempotency-Key so that a retry after
     a lost answer changes nothing) and reads the answer record by record;
  3. follows the change feed (`GET /changes?after=CURSOR`), keeping its cursor in a file, so that
     a run that stops and starts again misses nothing and sees nothing twice;
  4. receives webhooks and verifies their signature (HMAC-SHA256 over "{timestamp}.{body}",
     refusing timestamps more than 300 s from its own clock).

Usage (the service account needs the `cases_write` scope to push cases):

  export YANPAN_URL=http://127.0.0.1:8080
  export YANPAN_CLIENT_ID=svc_... YANPAN_CLIENT_SECRET=...
  python3 examples/platform_sync.py push cases.json     # a JSON array of case records
  python3 examples/platform_sync.py sync                 # the changes since the last run
  YANPAN_WEBHOOK_SECRET=... python3 examples/platform_sync.py receive --port 9000 [--once]
  python3 examples/platform_sync.py selftest             # the signature check on a known vector
"""

import argparse
import hashlib
import hmac
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer

API = "/api/v1"
REPLAY_WINDOW_SECS = 300


class ApiError(Exception):
    """An answer other than 2xx, with its problem+json body."""

    def __init__(self, status, problem):
        super().__init__(f"{status}: {problem.get('title')} {problem.get('detail') or ''}")
        self.status = status
        self.problem = problem


class Yanpan:
    """The few calls this script makes."""

    def __init__(self, base_url):
        self.base = base_url.rstrip("/")
        self.token = None

    def call(self, method, path, body=None, headers=None):
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        req = urllib.request.Request(self.base + API + path, data=data, method=method)
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        try:
            with urllib.request.urlopen(req, timeout=60) as res:
                raw = res.read()
                return json.loads(raw) if raw else None
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                problem = json.loads(raw)
            except ValueError:
                problem = {"title": raw.decode(errors="replace")}
            raise ApiError(e.code, problem) from None

    def sign_in(self, client_id, client_secret):
        answer = self.call(
            "POST",
            "/auth/token",
            {"grant_type": "client_credentials", "client_id": client_id, "client_secret": client_secret},
        )
        self.token = answer["access_token"]

    def push_cases(self, records, key=None):
        # The same key on a retry replays the first answer instead of applying the batch again.
        key = key or str(uuid.uuid4())
        return self.call("POST", "/cases/batch", {"records": records}, {"Idempotency-Key": key})

    def changes(self, after, limit=500):
        return self.call("GET", f"/changes?after={after}&limit={limit}")


def follow_changes(api, cursor_file):
    """Reads every change after the saved cursor; saves the cursor after each page."""
    after = 0
    if os.path.exists(cursor_file):
        with open(cursor_file, encoding="utf-8") as f:
            after = int(f.read().strip() or 0)
    seen = []
    while True:
        page = api.changes(after)
        for c in page["changes"]:
            # A mirror would now read the resource (or delete it when op is "delete").
            seen.append(c)
            print(f"{c['seq']:>8} {c['op']:<6} {c['collection']:<18} {c.get('case_number') or c['id']}")
        after = page["next_after"]
        # Save only after the page is processed: a crash repeats at most this page.
        tmp = cursor_file + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(str(after))
        os.replace(tmp, cursor_file)
        if not page["has_more"]:
            return seen, after


def signature(secret, timestamp, body):
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "v1=" + mac.hexdigest()


def verify(secret, timestamp, body, header, now=None):
    """True when `header` signs `body` at `timestamp` with `secret`, and the timestamp is fresh."""
    now = int(time.time()) if now is None else now
    try:
        ts = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs(now - ts) > REPLAY_WINDOW_SECS:
        return False
    return hmac.compare_digest(signature(secret, ts, body), header or "")


def receive(port, secret, once):
    """Accepts webhooks on `port`, verifying each; prints the events; 401 for a bad signature."""
    seen_ids = set()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            ok = verify(
                secret,
                self.headers.get("Yanpan-Webhook-Timestamp"),
                body,
                self.headers.get("Yanpan-Webhook-Signature"),
            )
            if not ok:
                self.send_response(401)
                self.end_headers()
                return
            event_id = self.headers.get("Yanpan-Webhook-Id")
            if event_id not in seen_ids:  # at least once: drop what was already processed
                seen_ids.add(event_id)
                event = json.loads(body)
                print(f"webhook {event['kind']} {event['entity_id']} {event['title']}", flush=True)
            self.send_response(204)
            self.end_headers()
            if once:
                self.server.done = True

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", port), Handler)
    server.done = False
    print(f"listening on 127.0.0.1:{server.server_address[1]}", flush=True)
    while not server.done:
        server.handle_request()


def selftest():
    # The vector the server's own test signs (crates/server/src/domain/webhooks.rs).
    secret = "s3cret-s3cret-s3cret-s3cret-s3cret"
    body = b'{"id":"x"}'
    sig = signature(secret, 1800000000, body)
    assert sig == "v1=2bc675e69254a6d35e46f52bfd603e7029792af8c0dd6a43056a9151b7c6ecd7", sig
    assert verify(secret, "1800000000", body, sig, now=1800000100)
    assert not verify(secret, "1800000000", body, sig, now=1800000301), "a replay is refused"
    assert not verify("another", "1800000000", body, sig, now=1800000100)
    assert not verify(secret, "1800000001", body, sig, now=1800000100)
    print("signature checks pass")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    push = sub.add_parser("push", help="push the case records of a JSON file")
    push.add_argument("file")
    sync = sub.add_parser("sync", help="print the changes since the saved cursor")
    sync.add_argument("--cursor-file", default=".yanpan-cursor")
    rec = sub.add_parser("receive", help="receive and verify webhooks")
    rec.add_argument("--port", type=int, default=9000)
    rec.add_argument("--once", action="store_true", help="stop after the first verified event")
    sub.add_parser("selftest", help="check the signature code on a known vector")
    args = p.parse_args()

    if args.cmd == "selftest":
        selftest()
        return
    if args.cmd == "receive":
        receive(args.port, os.environ["YANPAN_WEBHOOK_SECRET"], args.once)
        return
    api = Yanpan(os.environ.get("YANPAN_URL", "http://127.0.0.1:8080"))
    api.sign_in(os.environ["YANPAN_CLIENT_ID"], os.environ["YANPAN_CLIENT_SECRET"])
    if args.cmd == "push":
        with open(args.file, encoding="utf-8") as f:
            records = json.load(f)
        report = api.push_cases(records)
        for r in report["results"]:
            why = "; ".join(f"{e['field']}: {e['message']}" for e in r.get("errors", []))
            print(f"{r['index']:>4} {r.get('case_number') or '-':<24} {r['outcome']} {why}")
        print(
            "created {created}, updated {updated}, unchanged {unchanged}, stale {stale}, invalid {invalid}".format(
                **report
            )
        )
        sys.exit(1 if report["invalid"] else 0)
    if args.cmd == "sync":
        seen, after = follow_changes(api, args.cursor_file)
        print(f"{len(seen)} changes; cursor {after}")


if __name__ == "__main__":
    main()
