"""Runs examples/platform_sync.py as its users would, against the server tests/examples/run.sh
started, and checks what it prints and what the server then holds."""

import json
import os
import socket
import subprocess
import sys
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "examples"))
import platform_sync  # noqa: E402

BASE = os.environ["YANPAN_URL"]
PW = os.environ["EXAMPLES_PASSWORD"]
TMP = os.environ["EXAMPLES_TMP"]
SCRIPT = os.path.join("examples", "platform_sync.py")


def as_person(username):
    api = platform_sync.Yanpan(BASE)
    api.token = api.call("POST", "/auth/login", {"username": username, "password": PW})["access_token"]
    return api


def run(*args, env=None):
    out = subprocess.run(
        [sys.executable, SCRIPT, *args], capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=120
    )
    if out.returncode != 0:
        raise AssertionError(f"{args} failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    return out.stdout


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    admin = as_person("examples-admin")
    account = admin.call("POST", "/service-accounts", {"name": "平安365平台同步脚本", "scopes": ["cases_write"]})
    creds = {
        "YANPAN_URL": BASE,
        "YANPAN_CLIENT_ID": account["account"]["client_id"],
        "YANPAN_CLIENT_SECRET": account["client_secret"],
    }

    print(run("selftest").strip())

    # Pushing the file creates its three cases; pushing it again changes nothing.
    first = run("push", "examples/cases.json", env=creds)
    assert "created 3, updated 0, unchanged 0, stale 0, invalid 0" in first, first
    again = run("push", "examples/cases.json", env=creds)
    assert "created 0, updated 0, unchanged 3" in again, again
    print("push: 3 created, then 3 unchanged")

    # The first sync reads everything (the demo's year and the three cases); the second, nothing.
    cursor = os.path.join(TMP, "cursor")
    out = run("sync", "--cursor-file", cursor, env=creds)
    for n in ("EXAMPLE-2026-11-0001", "EXAMPLE-2026-11-0002", "EXAMPLE-2026-11-0003"):
        assert n in out, f"{n} not in the feed"
    rows = [line for line in out.splitlines() if "changes; cursor" not in line]
    places = [line.split()[0] for line in rows if line.strip()[:1].isdigit()]
    dup = sorted({p for p in places if places.count(p) > 1})
    assert len(places) == len(set(places)) > 3, f"places listed twice: {dup[:5]} of {len(places)}"
    out2 = run("sync", "--cursor-file", cursor, env=creds)
    assert out2.strip().startswith("0 changes"), out2
    # A change after the cursor is the only thing the next sync prints.
    changed = dict(json.load(open("examples/cases.json", encoding="utf-8"))[0])
    changed.update({"status": "resolved", "resolved_at": "2026-11-24T01:00:00Z", "updated_at": "2026-11-24T01:00:00Z"})
    api = platform_sync.Yanpan(BASE)
    api.sign_in(creds["YANPAN_CLIENT_ID"], creds["YANPAN_CLIENT_SECRET"])
    assert api.push_cases([changed])["updated"] == 1
    out3 = run("sync", "--cursor-file", cursor, env=creds)
    assert "EXAMPLE-2026-11-0001" in out3 and out3.strip().endswith("cursor " + open(cursor).read().strip()), out3
    assert "1 changes" in out3, out3
    print("sync: everything once, then nothing, then only what changed")

    # A webhook: the receiver verifies the signature and prints the event.
    secret = "examples-webhook-secret-0123456789abcdef"
    port = free_port()
    receiver = subprocess.Popen(
        [sys.executable, SCRIPT, "receive", "--port", str(port), "--once"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "YANPAN_WEBHOOK_SECRET": secret},
    )
    assert receiver.stdout.readline().startswith("listening")
    admin.call(
        "POST", "/webhooks", {"url": f"http://127.0.0.1:{port}/hook", "secret": secret, "events": ["briefing_in_review"]}
    )
    analyst = as_person("examples-analyst")
    req = urllib.request.Request(
        BASE + "/api/v1/briefings",
        data=json.dumps({"kind": "special_report", "title": "关于夜间施工噪音的专题报告"}).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {analyst.token}"},
    )
    with urllib.request.urlopen(req) as res:
        briefing = json.loads(res.read())
        etag = res.headers["ETag"]
    analyst.call(
        "PATCH",
        f"/briefings/{briefing['id']}",
        {"dynamics": "本月噪音投诉上升", "problems": "夜间施工审批与监管衔接不够", "opinions": "建立联合巡查机制"},
        {"If-Match": etag},
    )
    analyst.call("POST", f"/briefings/{briefing['id']}/transitions", {"to": "in_review"})
    try:
        out, _ = receiver.communicate(timeout=60)
    finally:
        receiver.kill()
    assert "webhook briefing_in_review" in out, out
    assert "关于夜间施工噪音的专题报告" in out, out
    print("receive: a signed webhook verified and printed")
    print("examples: all passed")


if __name__ == "__main__":
    main()
