"""Load test of the main pages: gunicorn (2 workers) + wrk, 10 connections, on the large data set.

    .venv/bin/python bench/load.py [--database postgres://…/nav_large] [--duration 8] [--only /behov/]
    make bench

Starts gunicorn (gunicorn.conf.py, production settings, DEBUG off) on 127.0.0.1 and a free port
against the given database (default: DATABASE_URL), logs in as each demo role (accounts/demo.py,
password DEMO_PASSWORD), checks that every page answers 200 for its role, then drives each page
with `wrk` (10 connections, `--duration` seconds after a short warm-up) carrying that role's
session cookie. The minimal logged-in page (/tilgjengelighet/) is measured in the same run,
before the first page and after every BLOCK pages, and each page's throughput is given as a ratio
to the mean of the two measurements around it. Targets (issue 16): p95 ≤ 150 ms, ratio ≥ 0.5,
zero errors. Results go to var/bench-load.json; the previous run's figures are printed beside the
new ones and a page that got more than 20 % slower (req/s down or p95 up) is flagged.

Add a page: one line in PAGES below, (role, path). A path may name a sample object in braces,
"/matching/behov/{open_need}/rangering/", resolved by SAMPLES (a query against the same database).
"""

import argparse
import datetime
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "var" / "bench-load.json"
BASELINE = ("veileder", "/tilgjengelighet/")

# role (demo username), path. The main page of every role; later issues add theirs here.
PAGES = [
    ("veileder", "/"),
    ("veileder", "/kandidater/"),
    ("veileder", "/behov/"),
    ("radgiver", "/"),
    ("radgiver", "/arbeidsgivere/"),
    ("radgiver", "/kandidater/profiler/"),
    ("radgiver", "/behov/"),
    ("markedskoordinator", "/arbeidsgivere/kontaktlogg/"),
    ("koordinator", "/prosjekter/"),
    ("koordinator", "/prosjekter/sammenlign/"),
    ("leder", "/"),
    ("leder", "/resultater/"),
    ("koordinator", "/resultater/"),
    ("veileder", "/matching/behov/{open_need}/rangering/"),
    ("radgiver", "/matching/tavle/"),
    ("veileder", "/tiltak/"),
    ("markedskoordinator", "/arrangementer/"),
    ("veileder", "/arrangementer/{open_event}/"),
    ("markedskoordinator", "/markedsepost/forhandsvisning/"),
    ("veileder", "/arrangementer/{speed_event}/rotasjon/"),
    ("markedskoordinator", "/arrangementer/{group_event}/grupper/"),
    ("markedskoordinator", "/arrangementer/{dropin_event}/dropin/"),
    ("veileder", "/tiltak/ny/mentor/"),
]

# name: SQL returning one value, for paths that need an object of the large data set.
SAMPLES = {
    # An open need in the veileder's county (Innlandet, 34): the matching page ranks candidates for it.
    "open_need": "SELECT n.id FROM employers_need n JOIN core_county c ON c.id = n.county_id "
    "WHERE n.status = 'apen' AND c.code = '34' ORDER BY n.id LIMIT 1",
    # A published job fair (booking open): the event page with its employers and slots.
    "open_event": "SELECT id FROM jobfairs_event WHERE status = 'publisert' ORDER BY date, id LIMIT 1",
    # One event of each of the other formats (seed_demo's job-fair formats seeder), the one with
    # the most participants: an event nobody has come to yet reads almost nothing.
    "speed_event": "SELECT id FROM jobfairs_event WHERE format = 'speed' "
    "ORDER BY last_participant_number DESC, date DESC, id LIMIT 1",
    "group_event": "SELECT id FROM jobfairs_event WHERE format = 'gruppe' "
    "ORDER BY last_participant_number DESC, date DESC, id LIMIT 1",
    "dropin_event": "SELECT id FROM jobfairs_event WHERE format = 'dropin' "
    "ORDER BY last_participant_number DESC, date DESC, id LIMIT 1",
}

# Paths of many objects, each request a different one, so that nothing one request leaves behind
# (the ranking cache, matching/ranking_cache.py) serves the next: what a user opening a need's
# ranking for the first time waits. Measured after the pages and reported apart from the targets
# (the repeated view above is the page's row). (role, path with * for the id, SQL returning the
# ids, SQL run first so that no earlier run's entries are hits.)
FIRST_VIEWS = [
    (
        "veileder",
        "/matching/behov/*/rangering/",
        "SELECT n.id FROM employers_need n JOIN core_county c ON c.id = n.county_id "
        "WHERE n.status = 'apen' AND c.code = '34' ORDER BY n.id LIMIT 3000",
        "TRUNCATE matching_rankingcache",
    ),
]

TARGET_P95_MS = 150
TARGET_RATIO = 0.5
REGRESSION = 0.20
CONNECTIONS = 10
# The minimal page is measured again after every BLOCK pages (see main()).
BLOCK = 4

LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "JSON{\"requests\":%d,\"duration_us\":%d,\"p50_us\":%d,\"p95_us\":%d,\"p99_us\":%d," ..
    "\"errors\":%d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout + e.status))
end
"""

# Each wrk thread walks the paths from its own start, two apart, so no path is asked twice
# while there are more paths than requests.
ROTATING_LUA = r"""
local threads = 0
setup = function(thread)
  thread:set("start", threads)
  threads = threads + 1
end
local paths = {%s}
local i = nil
request = function()
  if i == nil then i = start end
  local path = paths[(i %% #paths) + 1]
  i = i + 2
  return wrk.format("GET", path)
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_file() -> dict:
    values = {}
    path = ROOT / ".env"
    if path.exists():
        for line in path.read_text().splitlines():
            if "=" in line and not line.lstrip().startswith("#"):
                key, _, value = line.partition("=")
                values[key.strip()] = value.strip()
    return values


def server_env(database_url: str) -> dict:
    env = {**env_file(), **os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="navinclusion.settings.production",
        DATABASE_URL=database_url,
        DATABASE_OWNER_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
        # Production settings allow single sign-on only; the demo roles log in with the demo
        # password, so the bench server (127.0.0.1, demo data) allows the password form.
        PASSWORD_LOGIN_ENABLED="true",
    )
    return env


def start_gunicorn(env: dict, port: int, log: Path) -> subprocess.Popen:
    gunicorn = ROOT / ".venv" / "bin" / "gunicorn"
    cmd = [str(gunicorn), "-c", "gunicorn.conf.py", "-w", "2", "-b", f"127.0.0.1:{port}", "navinclusion.wsgi"]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"gunicorn ended at start (see {log})")
        try:
            status, _, _ = request(port, "GET", "/healthz/live")
            if status == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.3)
    stop(proc)
    sys.exit(f"gunicorn did not answer within 30 s (see {log})")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def request(port, method, path, *, cookies=None, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "127.0.0.1"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    set_cookies = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            set_cookies[name.strip()] = rest.split(";", 1)[0]
    conn.close()
    return response.status, data, {**set_cookies, "_location": response.getheader("Location") or ""}


def login(port: int, username: str, password: str) -> str:
    status, html, cookies = request(port, "GET", "/accounts/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if status != 200 or not token:
        sys.exit(f"login page answered {status}")
    jar = {"csrftoken": cookies["csrftoken"]}
    body = urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1).decode()}
    )
    status, _, cookies = request(port, "POST", "/accounts/login/", cookies=jar, body=body)
    if status == 302 and "sessionid" in cookies:
        return cookies["sessionid"]
    why = {
        200: "the form refused the password: is this the demo data set with DEMO_PASSWORD?",
        403: "refused: password login off (PASSWORD_LOGIN_ENABLED) or locked out (django-axes: "
        "`manage.py axes_reset_username " + username + "`)",
    }.get(status, "unexpected answer")
    sys.exit(f"login as {username} failed ({status}): {why}")


def samples(database_url: str, paths: list[str]) -> dict:
    names = {name for path in paths for name in re.findall(r"\{(\w+)\}", path)}
    values = {}
    for name in names:
        out = subprocess.run(
            ["psql", database_url, "-Atc", SAMPLES[name]], capture_output=True, text=True, check=True
        ).stdout.strip()
        if not out:
            sys.exit(f"no sample for {{{name}}} in this database")
        values[name] = out
    return values


def vacuum_if_never_analysed(database_url: str) -> None:
    """A data set bulk-loaded and copied at once was never vacuumed: the planner has no statistics
    and the visibility map is empty, so index-only scans read the heap. A running system's
    autovacuum fixes both within minutes; measure that state, not the first minutes after a load."""
    never = subprocess.run(
        ["psql", database_url, "-Atc", "SELECT count(*) FROM pg_class WHERE relname = "
         "'candidates_candidateprofile' AND reltuples < 0"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if never != "0":
        print("  the data set was never analysed: VACUUM (ANALYZE) first", file=sys.stderr, flush=True)
        subprocess.run(["psql", database_url, "-qc", "VACUUM (ANALYZE)"], check=True)


def run_wrk(port: int, path: str, session: str, duration: float, script: Path) -> dict:
    cmd = [
        "wrk", "-t2", f"-c{CONNECTIONS}", f"-d{max(1, round(duration))}s", "--timeout", "10s", "-s", str(script),
        "-H", f"Cookie: sessionid={session}", "-H", "Host: 127.0.0.1", f"http://127.0.0.1:{port}{path}",
    ]  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    match = re.search(r"JSON(\{.*\})", out)
    if not match:
        sys.exit(f"wrk said:\n{out}")
    raw = json.loads(match.group(1))
    return {
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50": raw["p50_us"] / 1000,
        "p95": raw["p95_us"] / 1000,
        "p99": raw["p99_us"] / 1000,
        "errors": raw["errors"],
        "requests": raw["requests"],
    }


def measure_first_view(port, database_url, session, role, pattern, ids_sql, reset_sql, args) -> dict:
    """One FIRST_VIEWS row: every request a different object (no warm-up, which would use some)."""
    ids = subprocess.run(
        ["psql", database_url, "-Atc", ids_sql], capture_output=True, text=True, check=True
    ).stdout.split()
    if not ids:
        sys.exit(f"no objects for {pattern} in this database")
    subprocess.run(["psql", database_url, "-qc", reset_sql], check=True)
    paths = [pattern.replace("*", i) for i in ids]
    status, _, headers = request(port, "GET", paths[-1], cookies={"sessionid": session})
    if status != 200:
        sys.exit(f"{role} {paths[-1]} answered {status} {headers['_location']}")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(ROTATING_LUA % ", ".join(f'"{p}"' for p in paths[:-1]) + LUA)
    try:
        result = run_wrk(port, "/", session, args.duration, Path(script.name))
    finally:
        Path(script.name).unlink()
    if result["requests"] > len(paths) - 1:
        print(f"  {pattern}: {result['requests']} requests for {len(paths) - 1} objects: some repeated",
              file=sys.stderr, flush=True)  # fmt: skip
    print(f"  measured first views {role} {pattern}: {result['rps']:.1f} req/s", file=sys.stderr, flush=True)
    return {"key": key(role, pattern), "role": role, "path": pattern, "distinct": len(paths) - 1, **result}


def key(role, path):
    return f"{role} {path}"


def fmt_row(row, previous):
    prev = previous.get(row["key"])
    flag = ""
    if prev and prev["requests"] and row["requests"]:
        slower = row["rps"] < prev["rps"] * (1 - REGRESSION) or row["p95"] > prev["p95"] * (1 + REGRESSION)
        flag = "  SLOWER >20%" if slower else ""
    elif prev and prev["requests"]:
        flag = "  SLOWER >20% (no request finished)"
    ok = row["errors"] == 0 and (
        row["path"] == BASELINE[1] or (row["p95"] <= TARGET_P95_MS and row["ratio"] >= TARGET_RATIO)
    )
    was = (
        f"{prev['rps']:7.1f} {prev['p95']:7.1f} {prev['ratio']:5.2f}"
        if prev
        else f"{'–':>7} {'–':>7} {'–':>5}"
    )
    return (
        f"{row['role']:<19}{row['path']:<34}{row['rps']:7.1f} {row['p50']:7.1f} {row['p95']:7.1f} "
        f"{row['errors']:6d} {row['ratio']:5.2f}  {'ok ' if ok else 'MISS'} | {was}{flag}"
    ), ok


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default=None, help="database URL (default: DATABASE_URL / .env)")
    parser.add_argument("--duration", type=int, default=8, help="seconds of load per page (default 8)")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of unmeasured load first (0: none)")
    parser.add_argument("--only", action="append", default=[], help="measure only paths containing this")
    parser.add_argument("--no-save", action="store_true", help="do not write var/bench-load.json")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk (make bench installs it)")

    database_url = args.database or os.environ.get("DATABASE_URL") or env_file().get("DATABASE_URL")
    if not database_url:
        sys.exit("no --database and no DATABASE_URL")
    env = server_env(database_url)
    password = env.get("DEMO_PASSWORD", "navdemo")
    pages = [p for p in PAGES if not args.only or any(o in p[1] for o in args.only)]
    names = samples(database_url, [p for _, p in pages])
    vacuum_if_never_analysed(database_url)
    pages = [(role, path.format(**names)) for role, path in pages]
    first_views = [v for v in FIRST_VIEWS if not args.only or any(o in v[1] for o in args.only)]
    first = []

    previous = {}
    if RESULTS.exists():
        try:
            previous = {r["key"]: r for r in json.loads(RESULTS.read_text())["pages"]}
        except (ValueError, KeyError):
            previous = {}

    RESULTS.parent.mkdir(exist_ok=True)
    port = free_port()
    log = ROOT / "var" / "bench-load-gunicorn.log"
    proc = start_gunicorn(env, port, log)
    rows = []
    try:
        sessions = {}
        for role in dict.fromkeys([BASELINE[0], *(r for r, _ in pages), *(v[0] for v in first_views)]):
            sessions[role] = login(port, role, password)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(LUA)
        script = Path(script.name)
        # The minimal page is measured before the first page, after every BLOCK pages and after the
        # last, and each page's ratio is to the mean of the two measurements that bracket it: the
        # machine's speed drifts within a run (the shared host: one run's minimal page went 353 →
        # 328 → 254 req/s, and every page of its second half with it), and a ratio to one figure
        # for the whole run charged that drift to the pages measured while it lasted.
        schedule = [BASELINE]
        for start in range(0, len(pages), BLOCK):
            schedule += [*pages[start : start + BLOCK], BASELINE]
        baselines = []
        for role, path in schedule:
            status, _, headers = request(port, "GET", path, cookies={"sessionid": sessions[role]})
            if status != 200:
                sys.exit(f"{role} {path} answered {status} {headers['_location']} (see {log})")
            if args.warmup:
                run_wrk(port, path, sessions[role], args.warmup, script)
            result = run_wrk(port, path, sessions[role], args.duration, script)
            row = {"key": key(role, path), "role": role, "path": path, **result}
            if (role, path) == BASELINE:
                baselines.append(row)
            else:
                row["bracket"] = len(baselines) - 1  # the baseline measured before it
                rows.append(row)
            print(f"  measured {role} {path}: {result['rps']:.1f} req/s", file=sys.stderr, flush=True)
        script.unlink()
        for role, pattern, ids_sql, reset_sql in first_views:
            first.append(
                measure_first_view(
                    port, database_url, sessions[role], role, pattern, ids_sql, reset_sql, args
                )
            )
    finally:
        stop(proc)

    baseline = dict(sorted(baselines, key=lambda r: r["rps"])[len(baselines) // 2])
    baseline["baseline_runs"] = [round(r["rps"], 1) for r in baselines]
    base = baseline["rps"]
    for row in rows:
        before, after = baselines[row["bracket"]]["rps"], baselines[row["bracket"] + 1]["rps"]
        row["baseline_rps"] = (before + after) / 2
        row["ratio"] = row["rps"] / row["baseline_rps"] if row["baseline_rps"] else 0.0
    baseline["ratio"] = 1.0
    rows.insert(0, baseline)
    print(
        f"\n{len(rows)} pages, {CONNECTIONS} connections, {args.duration:g} s each, gunicorn 2 workers, "
        f"{database_url.rsplit('/', 1)[-1]}; targets p95 ≤ {TARGET_P95_MS} ms, ratio ≥ {TARGET_RATIO}"
    )
    print(
        f"(minimal page measured before the first page, after every {BLOCK} and after the last: "
        + ", ".join(f"{r:.1f}" for r in baseline["baseline_runs"])
        + " req/s; each ratio is to the mean of the two around the page, the baseline row shows the median)"
    )
    print(
        f"{'role':<19}{'page':<34}{'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6} {'ratio':>5}  "
        f"     | previous: req/s  p95 ms ratio"
    )
    misses = 0
    for row in rows:
        line, ok = fmt_row(row, previous)
        misses += not ok
        print(line)
    print(f"\n{len(rows) - misses} of {len(rows)} pages meet the targets.")
    if first:
        print("\nFirst views (a different object each request, nothing cached; not a page of the targets):")
        for row in first:
            row["ratio"] = row["rps"] / base if base else 0.0
            print(
                f"{row['role']:<19}{row['path']:<34}{row['rps']:7.1f} {row['p50']:7.1f} {row['p95']:7.1f} "
                f"{row['errors']:6d} {row['ratio']:5.2f}  ({row['distinct']} objects)"
            )
    if not args.no_save:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        )
        RESULTS.write_text(
            json.dumps(
                {
                    "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                    "commit": commit.stdout.strip(),
                    "database": database_url.rsplit("/", 1)[-1],
                    "duration": args.duration,
                    # Pages left out with --only keep their previous figures.
                    "pages": rows + [r for k, r in previous.items() if k not in {x["key"] for x in rows}],
                    "first_views": first,
                },
                indent=1,
            )
        )
        print(f"Saved to {RESULTS.relative_to(ROOT)}")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
