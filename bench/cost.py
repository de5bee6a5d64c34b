"""Per-request cost of the main pages, without a load generator: CPU and server-side SQL time.

    DATABASE_URL=postgres://…/nav_mine_large .venv/bin/python bench/cost.py [--repeat 7] [-v] [/behov/ …]

On a shared machine wall-clock latency is mostly queueing behind other processes; what carries
over is what one request costs. For each page (the demo role logged in, production settings,
Django's test client in this process) this prints the median CPU time of the request
(`time.process_time`) and the sum of the server-side execution times of its SELECTs, each re-run
as `EXPLAIN (ANALYZE, BUFFERS)` (median per query), next to the minimal logged-in page's. With -v
the five most expensive queries of each page follow. Read-only: only SELECTs are re-run.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The pages are bench/load.py's (one list of main pages); the minimal page comes first.
sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402

PAGES = [load.BASELINE, *load.PAGES]


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navinclusion.settings.production")
    os.environ.setdefault("SECRET_KEY", "bench-cost-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def server_ms(cursor, sql: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        last = cursor.fetchall()[-1][0]
        times.append(float(re.search(r"Execution Time: ([\d.]+)", last).group(1)))
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("-v", action="store_true", help="show each page's five costliest queries")
    parser.add_argument("paths", nargs="*", help="only these paths (the minimal page is always measured)")
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    pages = [PAGES[0], *(p for p in PAGES[1:] if not args.paths or p[1] in args.paths)]
    # Paths naming a sample object ({open_need}) are resolved against the same database.
    values = load.samples(os.environ["DATABASE_URL"], [path for _, path in pages])
    pages = [(role, path.format(**values)) for role, path in pages]
    clients: dict[str, Client] = {}
    base = None
    print(f"{'role':<19}{'page':<30}{'CPU ms':>7} {'queries':>7} {'SQL ms':>7} {'total':>7} {'× min':>6}")
    for role, path in pages:
        if role not in clients:
            clients[role] = Client(HTTP_HOST="127.0.0.1")
            clients[role].force_login(
                User.objects.get(username=role), backend="django.contrib.auth.backends.ModelBackend"
            )
        client = clients[role]
        if client.get(path).status_code != 200:  # also warms per-process caches
            sys.exit(f"{role} {path} did not answer 200")
        cpu = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as ctx:
                start = time.process_time()
                client.get(path)
                cpu.append((time.process_time() - start) * 1000)
        with connection.cursor() as cursor:
            costs = [
                (server_ms(cursor, q["sql"], args.repeat), q["sql"])
                for q in ctx.captured_queries
                if q["sql"].lstrip().upper().startswith("SELECT")
            ]
        total = statistics.median(cpu) + sum(c for c, _ in costs)
        base = base or total
        print(
            f"{role:<19}{path:<30}{statistics.median(cpu):7.1f} {len(ctx.captured_queries):7d} "
            f"{sum(c for c, _ in costs):7.2f} {total:7.1f} {total / base:6.1f}",
            flush=True,
        )
        if args.v:
            for cost, sql in sorted(costs, reverse=True)[:5]:
                print(f"      {cost:7.2f} {sql[:150]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
