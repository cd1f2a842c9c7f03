#!/usr/bin/env python3
"""report.py - the bench's table, target checks and SVG bar chart.

usage: report.py RUN_DIR OUT_DIR WORKLOAD
Reads RUN_DIR/results.tsv (ROW SERVER key=value...) and RUN_DIR/extra.tsv,
prints the table and writes OUT_DIR/results.md and OUT_DIR/rps.svg.
"""
import math
import os
import sys

ROWS = [
    ("list-1", "GET /api/sessions (1 session)"),
    ("list-100", "GET /api/sessions (100 sessions)"),
    ("list-10k", "GET /api/sessions (10,000 sessions)"),
    ("get-10", "GET /api/sessions/ID (10 in store)"),
    ("get-100k", "GET /api/sessions/ID (100,000 in store)"),
    ("create", "POST /api/sessions"),
    ("patch", "PATCH /api/sessions/ID"),
    ("delete", "DELETE /api/sessions/ID"),
]
TARGET = {"list-1": 90, "get-10": 90, "get-100k": 90,
          "create": 75, "patch": 75, "delete": 75}
SERVERS = ["mock", "ceiling", "prism"]
COLORS = {"mock": "#1f77b4", "ceiling": "#aaaaaa", "prism": "#ff7f0e"}


def load(run):
    """One result per (row, server): with several rounds, the median one
    by requests/s (the rounds alternate which server goes first)."""
    rounds = {}
    with open(f"{run}/results.tsv") as f:
        for line in f:
            row, server, fields = line.rstrip("\n").split("\t")
            r = {k: int(v) for k, v in
                 (kv.split("=") for kv in fields.split())}
            secs = r["duration_us"] / 1e6
            # Only 2xx/3xx answers count: a DELETE of an id already gone
            # is a 404, which wrk counts as a status error.
            r["ok"] = r["requests"] - r["status"]
            r["rps"] = r["ok"] / secs
            r["bps"] = r["bytes"] / secs
            r["sock"] = r["connect"] + r["read"] + r["write"] + r["timeout"]
            rounds.setdefault((row, server), []).append(r)
    res = {}
    for key, rs in rounds.items():
        rs.sort(key=lambda r: r["rps"])
        res[key] = dict(rs[len(rs) // 2], rounds=len(rs))
    extra = {}
    with open(f"{run}/extra.tsv") as f:
        for line in f:
            k, v = line.rstrip("\n").split("\t", 1)
            extra[k] = v
    return res, extra


def cpu(r):
    return f"{r['cpu_us'] / max(r['requests'], 1):.1f}"


def ms(us):
    return f"{us / 1000:.2f} ms"


def startup(extra, server):
    f = dict(kv.split("=") for kv in extra[f"startup_{server}"].split()[1:])
    return {k: int(v) for k, v in f.items()}


def build(res, extra, workload):
    peers = any(s == "prism" for _, s in res)
    head = ["endpoint", "mock req/s", "ceiling req/s", "mock/ceiling %",
            "p50 mock / ceiling", "p99 mock / ceiling",
            "server CPU µs/req mock / ceiling"]
    if peers:
        head.append("prism req/s (stateless)")
    head.append("notes")
    lines = ["| " + " | ".join(head) + " |",
             "|" + "|".join("---" for _ in head) + "|"]
    problems, ratios = [], {}
    for row, label in ROWS:
        m, c = res.get((row, "mock")), res.get((row, "ceiling"))
        if not m or not c:
            continue
        ratio = 100 * m["rps"] / c["rps"]
        ratios[row] = ratio
        notes = []
        for server, r in (("mock", m), ("ceiling", c)):
            if r["sock"]:
                notes.append(f"{server} socket errors: connect {r['connect']} "
                             f"read {r['read']} write {r['write']} "
                             f"timeout {r['timeout']}")
                problems.append(f"{row}/{server}: socket errors or timeouts")
            if r["status"]:
                notes.append(f"{server}: {r['status']} answers >= 400 "
                             "not counted")
                if row == "delete":
                    notes.append("the ids ran out: a lower bound")
        if row == "list-10k":
            notes.append(f"mock {m['bps'] / 1e6:.1f} MB/s")
        cells = [label, f"{m['rps']:,.0f}", f"{c['rps']:,.0f}",
                 f"{ratio:.1f} %",
                 f"{ms(m['p50_us'])} / {ms(c['p50_us'])}",
                 f"{ms(m['p99_us'])} / {ms(c['p99_us'])}",
                 f"{cpu(m)} / {cpu(c)}"]
        if peers:
            p = res.get((row, "prism"))
            cells.append(f"{p['rps']:,.0f}" if p else "")
        cells.append("; ".join(notes))
        lines.append("| " + " | ".join(cells) + " |")

    st_m, st_c = startup(extra, "mock"), startup(extra, "ceiling")
    rss = int(extra["rss_kb"])
    out = [f"# make bench\n", f"Workload: {workload}.  Ceiling: civetweb "
           "answering the mock's list-of-one bytes (same headers, 325-byte "
           "body) with one mg_write.  req/s counts only answers below 400.\n"]
    out += lines
    out.append("")
    out.append(f"- startup, exec to first answered request (median of "
               f"{st_m['runs']}): mock {st_m['median'] / 1000:.1f} ms "
               f"(min {st_m['min'] / 1000:.1f}, max {st_m['max'] / 1000:.1f}); "
               f"ceiling {st_c['median'] / 1000:.1f} ms")
    out.append(f"- peak RSS (VmHWM) holding 10,000 sessions: "
               f"{int(extra['rss_sessions_kb']) / 1024:.1f} MB before any list, "
               f"{rss / 1024:.1f} MB after one list of them (VmRSS {int(extra['rss_now_kb']) / 1024:.1f} MB); "
               f"after the list-10k load: "
               f"{int(extra['rss_after_load_kb']) / 1024:.1f} MB")
    if ("list-10k", "mock") in res:
        out.append(f"- list of 10,000 sessions: "
                   f"{res[('list-10k', 'mock')]['bps'] / 1e6:.1f} MB/s")
    out.append(f"- load average before the run: {extra.get('loadavg', '?')} "
               f"on {os.cpu_count()} CPUs shared by wrk and the servers: "
               "other work on the machine moves every figure")
    if "delete_pool" in extra:
        out.append(f"- DELETE walked a pool of {int(extra['delete_pool']):,} "
                   "sessions made beforehand, each id once")
    if peers:
        out.append("- prism is stateless (answers the spec's examples), so "
                   "its rows are not the same work")
    out.append("")
    out.append("## Targets")
    out.append("")
    checks = []
    for row, want in TARGET.items():
        if row in ratios:
            checks.append((ratios[row] >= want,
                           f"{row} >= {want} % of ceiling: {ratios[row]:.1f} %"))
    g10, g100k = res.get(("get-10", "mock")), res.get(("get-100k", "mock"))
    if g10 and g100k:
        d = 100 * (g100k["rps"] / g10["rps"] - 1)
        checks.append((abs(d) <= 10,
                       f"get with 100,000 within 10 % of get with 10: {d:+.1f} %"))
    checks.append((st_m["median"] < 20000,
                   f"startup < 20 ms: {st_m['median'] / 1000:.1f} ms"))
    checks.append((rss < 10 * 1024,
                   f"peak RSS < 10 MB with 10,000 sessions: {rss / 1024:.1f} MB"))
    checks.append((not problems, "no socket errors or timeouts" +
                   (": " + ", ".join(problems) if problems else "")))
    for ok, text in checks:
        out.append(f"- [{'x' if ok else ' '}] {'met' if ok else 'NOT met'}: {text}")
    met = sum(ok for ok, _ in checks)
    out.append("")
    out.append(f"{met} of {len(checks)} targets met")
    return "\n".join(out) + "\n"


def svg(res):
    rows = [(r, l) for r, l in ROWS if (r, "mock") in res]
    servers = [s for s in SERVERS if any((r, s) in res for r, _ in rows)]
    bar, gap, left, width = 14, 12, 300, 520
    top = 40
    height = top + len(rows) * (len(servers) * bar + gap) + 40
    vmax = max(res[k]["rps"] for k in res)
    decades = max(1, math.ceil(math.log10(max(vmax, 10))))

    def x(v):  # log scale from 1 req/s
        return left + width * math.log10(max(v, 1)) / decades

    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 90}" '
         f'height="{height}" font-family="sans-serif" font-size="11">',
         f'<text x="10" y="18" font-size="14">requests/s per endpoint '
         f'(log scale)</text>']
    for d in range(decades + 1):
        gx = left + width * d / decades
        o.append(f'<line x1="{gx:.1f}" y1="{top - 6}" x2="{gx:.1f}" '
                 f'y2="{height - 30}" stroke="#ddd"/>')
        o.append(f'<text x="{gx:.1f}" y="{height - 16}" '
                 f'text-anchor="middle">{10 ** d:,}</text>')
    y = top
    for row, label in rows:
        o.append(f'<text x="{left - 8}" y="{y + len(servers) * bar / 2 + 4}" '
                 f'text-anchor="end">{label}</text>')
        for s in servers:
            r = res.get((row, s))
            if r:
                w = x(r["rps"]) - left
                o.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" '
                         f'height="{bar - 2}" fill="{COLORS[s]}"/>')
                o.append(f'<text x="{left + w + 4:.1f}" y="{y + bar - 4}">'
                         f'{r["rps"]:,.0f}</text>')
            y += bar
        y += gap
    lx = 10
    for s in servers:
        o.append(f'<rect x="{lx}" y="{height - 12}" width="10" height="10" '
                 f'fill="{COLORS[s]}"/>')
        o.append(f'<text x="{lx + 14}" y="{height - 3}">{s}</text>')
        lx += 80
    o.append("</svg>")
    return "\n".join(o) + "\n"


def main():
    run, out, workload = sys.argv[1:4]
    res, extra = load(run)
    md = build(res, extra, workload)
    with open(f"{out}/results.md", "w") as f:
        f.write(md)
    with open(f"{out}/rps.svg", "w") as f:
        f.write(svg(res))
    sys.stdout.write(md)
    print(f"\nwritten: {out}/results.md {out}/rps.svg")


if __name__ == "__main__":
    main()
