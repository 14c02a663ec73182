"""Writes bench/RESULTS.md from the runs of bench/run.sh (bench/results/*.json, bench/tmp)."""
import datetime
import json
import os
import subprocess
import sys

front = json.loads(sys.argv[1] or "{}")
volumes = sys.argv[2].split()
big = volumes[-1]
READ_TARGET, SEARCH_TARGET, WRITE_TARGET = 25, 50, 50
TARGETS = {
    "list_meetings": READ_TARGET,
    "meeting_detail": READ_TARGET,
    "search": SEARCH_TARGET,
    "create_agenda_item": WRITE_TARGET,
    "create_submission": WRITE_TARGET,
    "record_attendance": WRITE_TARGET,
}


def load(name):
    try:
        return json.load(open(f"bench/results/{name}"))
    except OSError:
        return None


cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
out = [
    "# Benchmark results",
    "",
    f"Measured by `make bench` on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC on {cpu} cores ({model}), "
    "release build, server and load generator on the same machine.",
    "",
    "**The workload** (`crates/loadgen`): 32 connections, each signed in as its own user (8 analysts, 4 conveners, "
    "4 inspectors, 12 street and 4 department representatives), each picking its next request at random: about 60 % "
    "meeting lists with random kind, state, month, date range, title filters, sort orders and pages (pages it has "
    "learnt exist), 25 % one meeting with its agenda and participants by a random id the user may see, 10 % searches "
    "of 116 phrases of 2–6 characters that occur in the seeded text (common ones like 街道, rare ones like 第1024次), "
    "5 % writes (agenda items and attendance by organisers, submissions by representatives; inspectors read instead). "
    f"Measured for {os.environ.get('BENCH_SECONDS', '20')} s after a 3 s warm-up. There is no response cache: "
    "every request reads the database.",
    "",
    "**Volume**: `yanpan seed-bench --meetings N` seeds N meetings spread over ten years with 10 agenda items, 8 "
    "participants and 6 submissions each and their search documents: 1,000 meetings is one year of volume, 10,000 "
    "ten years (≈110,000 search documents).",
    "",
    "**The database's own time** (`yanpan bench-sql`): the same statements the server runs for each read, built by the "
    "same code, run one at a time straight on the pool (no HTTP, authentication or JSON), 300 times with varied "
    "parameters. The ratio is the server's p50 under load over it: what queueing for two cores and the server add.",
    "",
]
for db in ["sqlite", "postgres"]:
    mix = load(f"mix-{db}-{big}.json")
    if not mix:
        continue
    sql = load(f"sql-{db}-{big}.json") or {}
    out += [f"## {db}: the mix at {int(big):,} meetings", "",
            "| operation | share | requests/s | p50 ms | p99 ms | errors | target (p99) | met | database's own p50 / p99 ms | server p50 ÷ database p50 |",
            "|---|---:|---:|---:|---:|---:|---|---|---:|---:|"]
    for op, v in sorted(mix["ops"].items(), key=lambda kv: -kv[1]["count"]):
        t = TARGETS.get(op)
        met = "—" if t is None else ("met" if v["p99_ms"] < t and v["errors"] == 0 else "**missed**")
        own = sql.get(op)
        own_s = f"{own['p50_ms']:.2f} / {own['p99_ms']:.2f}" if own else "—"
        ratio = f"{v['p50_ms'] / own['p50_ms']:.0f}×" if own and own["p50_ms"] > 0 else "—"
        out.append(f"| {op} | {v['share_percent']} % | {v['rps']:.0f} | {v['p50_ms']:.1f} | {v['p99_ms']:.1f} | {v['errors']} | < {t} ms | {met} | {own_s} | {ratio} |")
    thr = mix["throughput_rps"]
    out.append(f"| **the whole mix** | 100 % | **{thr:.0f}** | {mix['p50_ms']:.1f} | {mix['p99_ms']:.1f} | {mix['errors']} | ≥ 2,000 requests/s | {'met' if thr >= 2000 else '**missed**'} | | |")
    rss, anon = mix.get("rss_max_mb"), mix.get("anon_max_mb")
    out.append(f"| server memory (highest): its own (RssAnon) | | {anon} MB | | | | < 150 MB | {'met' if anon is not None and anon < 150 else '**missed**'} | | |")
    out.append(f"| … and all resident pages (VmRSS, with the mapped database file) | | {rss} MB | | | | | | | |")
    if mix.get("error_examples"):
        out += ["", "Errors seen: " + "; ".join(mix["error_examples"][:3])]
    out.append("")

# The floor: what the database's own time allows on this machine at best, beside what was
# measured. Reads only (writes are 5 % and their own time is not measured apart).
out += [f"## The floor: why the throughput and latency targets are out of reach here ({int(big):,} meetings)", "",
        "Each read's share of the mix times the database's own mean time for it (`yanpan bench-sql`) is the database "
        "work one request of the mix needs on average. With the server, the load generator and HTTP all free, "
        f"{cpu} cores could run at most {cpu} × 1000 ÷ that many requests a second, and 32 connections that each wait "
        "for their answer (a closed loop) then wait 32 ÷ that rate on average (Little's law): that is the lowest "
        "mean latency the mix can have here. The measured CPU per request is the busy time of the server and of the "
        "whole machine (database server and load generator included) over the measured window, divided by the "
        "requests answered.", "",
        "| database | database's own mean per request of the mix | ceiling from it alone | lowest mean latency at 32 connections | measured requests/s | measured CPU per request: server / whole machine |",
        "|---|---:|---:|---:|---:|---:|"]
for db in ["sqlite", "postgres"]:
    mix, sql = load(f"mix-{db}-{big}.json"), load(f"sql-{db}-{big}.json") or {}
    if not mix:
        continue
    reads = [(v["share_percent"] / 100, sql[op].get("mean_ms", sql[op]["p50_ms"])) for op, v in mix["ops"].items() if op in sql]
    share = sum(s for s, _ in reads) or 1
    own = sum(s * m for s, m in reads) / share
    ceiling = int(cpu) * 1000 / own if own > 0 else 0
    low = int(os.environ.get("BENCH_CONNECTIONS", "32")) / ceiling * 1000 if ceiling else 0
    out.append(f"| {db} | {own:.2f} ms | {ceiling:,.0f} requests/s | {low:.0f} ms | {mix['throughput_rps']:.0f} | "
               f"{mix.get('server_cpu_ms_per_request')} / {mix.get('machine_cpu_ms_per_request')} ms |")
out.append("")
if os.path.exists("bench/FLOOR.md"):
    out += [open("bench/FLOOR.md").read().rstrip(), ""]

out += ["## Growth: one year and ten years of volume", "",
        "| database | meetings | requests/s | list p50 / p99 | detail p50 / p99 | search p50 / p99 | writes p99 (worst) | database's own list / detail / search p50 |",
        "|---|---:|---:|---|---|---|---:|---|"]
for db in ["sqlite", "postgres"]:
    for n in volumes:
        mix = load(f"mix-{db}-{n}.json")
        if not mix:
            continue
        sql = load(f"sql-{db}-{n}.json") or {}
        o = mix["ops"]
        f = lambda k: f"{o[k]['p50_ms']:.1f} / {o[k]['p99_ms']:.1f}" if k in o else "—"
        w = max((o[k]["p99_ms"] for k in o if k.startswith(("create", "record"))), default=0)
        own = " / ".join(f"{sql[k]['p50_ms']:.2f}" if k in sql else "—" for k in ["list_meetings", "meeting_detail", "search"])
        out.append(f"| {db} | {int(n):,} | {mix['throughput_rps']:.0f} | {f('list_meetings')} | {f('meeting_detail')} | {f('search')} | {w:.1f} | {own} |")
out.append("")

cases = [c for c in (load(f"cases-{db}.json") for db in ["sqlite", "postgres"]) if c]
if cases:
    out += ["## The analysis room: a million cases (issue 11)", "",
            "The demo scaled to about a million cases over 24 months (`seed-demo --case-scale 14`). Intake: "
            "100,000 new cases through `POST /cases/batch`, 1,000 a call from 4 connections, the server's "
            "memory sampled five times a second. Analyses: 8 connections, each asking one of the seven "
            "analyses at random for a random period (a month 6 in 10, a random 1–92-day range 2 in 10, a "
            "quarter, a year) and, half the time, a street or category; 30 s after a 3 s warm-up. No response cache.", "",
            "| database | cases | intake cases/s (≥ 5,000) | server RSS during intake, all / own (< 200 MB) | analyses p50 / p99 (p99 < 300 ms) | requests/s | errors |",
            "|---|---:|---:|---|---|---:|---:|"]
    for c in cases:
        a, i = c["analyses"], c["intake"]
        met = lambda ok: "" if ok else " MISSED"
        out.append(f"| {c['database']} | {c['cases_before']:,} | {i['cases_per_second']:,.0f}{met(i['cases_per_second'] >= 5000)} | "
                   f"{c['intake_rss_mb']:.0f} / {c['intake_rss_anon_mb']:.0f} MB{met(c['intake_rss_mb'] < 200)} | "
                   f"{a['p50_ms']:.0f} / {a['p99_ms']:.0f} ms{met(a['p99_ms'] < 300)} | {a['throughput_rps']:.0f} | {a['errors']} |")
    out += ["", "| database | " + " | ".join(c for c in cases[0]["analyses"]["ops"]) + " |",
            "|---|" + "---|" * len(cases[0]["analyses"]["ops"])]
    for c in cases:
        o = c["analyses"]["ops"]
        out.append(f"| {c['database']} p50 / p99 ms | " + " | ".join(f"{v['p50_ms']:.0f} / {v['p99_ms']:.0f}" for v in o.values()) + " |")
    out.append("")
    # What the figures say: hand-written, kept beside the results it reads.
    if os.path.exists("bench/CASES.md"):
        out += [open("bench/CASES.md").read().rstrip(), ""]

if os.path.exists("bench/CHANGES.md"):
    out += [open("bench/CHANGES.md").read().rstrip(), ""]

rows = [l.split("\t") for l in open("bench/tmp/footnote.tsv").read().splitlines() if l] if os.path.exists("bench/tmp/footnote.tsv") else []
if rows:
    out += ["## Footnote: one URL repeated (the old benchmark)", "",
            f"wrk, {os.environ.get('BENCH_CONNECTIONS', '32')} connections, 5 s, one user and one URL each, at {int(big):,} meetings. "
            "Not a workload anyone has; kept only to compare with earlier results.", "",
            "| database | request | requests/s | p50 ms | p99 ms |", "|---|---|---:|---:|---:|"]
    out += [f"| {db} | {name} | {rps} | {p50} | {p99} |" for db, name, rps, p50, p99 in rows]
    out.append("")

if front.get("size") or front.get("home"):
    s, h = front.get("size", {}), front.get("home", {})
    out += ["## SPA", "", "| measure | value | target |", "|---|---:|---|"]
    if s:
        out.append(f"| first load (gzip -9: html, css, js, main wasm) | {s.get('total_gzip_bytes', 0) / 1024:.0f} KiB | ≤ 500 KB: {'met' if s.get('within_limit') else 'MISSED'} |")
    if h:
        med = h.get("total_ms", {}).get("median") if isinstance(h.get("total_ms"), dict) else h.get("median_ms")
        out.append(f"| time until home is usable (median) | {med} ms | < 1.5 s |")
print("\n".join(out))
