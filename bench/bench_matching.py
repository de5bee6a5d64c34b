"""Matching speed and correctness on the large data set.

    DATABASE_URL=postgres://…/nav_h11_large .venv/bin/python bench/bench_matching.py \
        [--needs 50 --candidates 50 --compare 10 --pages 50]

For --needs open needs: the top 20 profiles in PostgreSQL (matching.ranking.rank_profiles),
timed (p50/p95/max over the needs, each run once unmeasured first). For --compare of them (a
sample spread over the list, so the run stays within minutes): the plain-Python scorer
(matching.scoring.rank_python) over every listed profile, timed and compared with the SQL result
(same order, same scores). The same for --candidates profiles against every open need. Prints
the load average beside the figures (the machine is shared); exits 1 when a result differs or a
target is missed (p95 ≤ 50 ms, ≥ 20× faster than Python).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navinclusion.settings.local")

import django

django.setup()

from candidates.models import CandidateProfile  # noqa: E402
from employers.models import Need  # noqa: E402
from matching import indexing, ranking, scoring  # noqa: E402

TOP = 20
TARGET_P95_MS = 50
TARGET_SPEEDUP = 20
TARGET_PAGE_MS = 150


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


class SqlTimer:
    """connection.execute_wrapper: the time spent in the database per request."""

    def __init__(self):
        self.ms, self.count = 0.0, 0

    def __call__(self, execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - t) * 1000
            self.count += 1


def pages(n: int) -> int:
    """The need page (suggestions panel and candidate list) and the ranking page for n open needs
    of the demo adviser's and counsellor's county, requested in-process (django.test.Client): wall
    time of the request (server time: middleware, queries, template), the process's CPU time
    (Python only; the database's is in the SQL time) and the SQL time, p50/p95 over the needs."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from accounts.access import visible
    from accounts.models import User

    hosts = [h for h in settings.ALLOWED_HOSTS if "*" not in h]
    failures = 0
    for username in ("radgiver", "veileder"):
        user = User.objects.get(username=username)
        client = Client(HTTP_HOST=hosts[0] if hosts else "127.0.0.1")
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        ids = list(
            visible(user, Need.objects.filter(status="apen")).order_by("pk").values_list("pk", flat=True)
        )
        ids = ids[:: max(1, len(ids) // n)][:n]
        for label, name in (("behovsside", "employers:need_detail"), ("rangering", "matching:need_ranking")):
            wall, cpu, sql, counts = [], [], [], set()
            for pk in ids:
                url = reverse(name, args=[pk])
                client.get(url)  # warm: this need's plan shapes, template cache
                timer = SqlTimer()
                with connection.execute_wrapper(timer):
                    c, t = time.process_time(), time.perf_counter()
                    response = client.get(url)
                    wall.append((time.perf_counter() - t) * 1000)
                    cpu.append((time.process_time() - c) * 1000)
                assert response.status_code == 200, (url, response.status_code, response.get("Location"))
                sql.append(timer.ms)
                counts.add(timer.count)
            p95 = pct(wall, 0.95)
            print(
                f"{label} ({username}): n={len(wall)} server p50 {statistics.median(wall):.0f} ms, p95 {p95:.0f} ms; "
                f"Python-CPU p95 {pct(cpu, 0.95):.0f} ms; SQL p95 {pct(sql, 0.95):.0f} ms; "
                f"spørringer {min(counts)}–{max(counts)}; last {os.getloadavg()[0]:.1f}"
            )
            if p95 > TARGET_PAGE_MS:
                failures += 1
                print(f"  MÅL IKKE NÅDD: p95 {p95:.0f} ms > {TARGET_PAGE_MS} ms")
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--needs", type=int, default=50)
    parser.add_argument("--candidates", type=int, default=50)
    parser.add_argument(
        "--compare", type=int, default=10, help="how many of each to check against Python (≥ 1)"
    )
    parser.add_argument("--pages", type=int, default=50, help="needs whose pages are timed (0: none)")
    args = parser.parse_args()

    t = time.perf_counter()
    profiles = indexing.profile_facts(
        CandidateProfile.objects.filter(listed=True).values(*indexing.PROFILE_FIELDS)
    )
    needs = indexing.need_facts(Need.objects.filter(status="apen").values(*indexing.NEED_FIELDS))
    print(f"Lastet {len(profiles)} profiler og {len(needs)} åpne behov på {time.perf_counter() - t:.1f} s")
    failures = 0

    def check(label, sql, python):
        nonlocal failures
        got = [(r.pk, r.score, r.meets) for r in sql]
        want = [((p.pk if label == "need" else n.pk), m.score, m.meets) for p, n, m in python]
        if got != want:
            failures += 1
            print(f"  AVVIK ({label}): SQL {got[:5]}… Python {want[:5]}…")

    for label, subjects, others, rank_sql, by_need in (
        (
            "need",
            needs[:: max(1, len(needs) // args.needs)][: args.needs],
            profiles,
            ranking.rank_profiles,
            True,
        ),
        (
            "candidate",
            profiles[:: max(1, len(profiles) // args.candidates)][: args.candidates],
            needs,
            ranking.rank_needs,
            False,
        ),
    ):
        sql_ms, py_ms, sample_sql_ms = [], [], []
        compare_every = max(1, len(subjects) // max(1, args.compare))
        for i, subject in enumerate(subjects):
            rank_sql(subject, top=TOP)  # warm the plan cache for this shape
            t = time.perf_counter()
            result = rank_sql(subject, top=TOP)
            sql_ms.append((time.perf_counter() - t) * 1000)
            if i % compare_every or len(py_ms) >= args.compare:
                continue
            sample_sql_ms.append(sql_ms[-1])
            t = time.perf_counter()
            if by_need:
                python = scoring.rank_python(others, [subject], top=TOP, by_need=True)
            else:
                python = scoring.rank_python([subject], others, top=TOP, by_need=False)
            py_ms.append((time.perf_counter() - t) * 1000)
            check(label, result, python)
        p50, p95 = statistics.median(sql_ms), pct(sql_ms, 0.95)
        py50, sample50 = statistics.median(py_ms), statistics.median(sample_sql_ms)
        what = "topp 20 kandidater for et behov" if by_need else "topp 20 behov for en kandidat"
        print(
            f"{what}: n={len(sql_ms)} SQL p50 {p50:.1f} ms, p95 {p95:.1f} ms, maks {max(sql_ms):.1f} ms; "
            f"sammenlignet {len(py_ms)}: Python p50 {py50:.0f} ms mot SQL p50 {sample50:.1f} ms, "
            f"{py50 / sample50:.0f}× raskere; last {os.getloadavg()[0]:.1f}"
        )
        if p95 > TARGET_P95_MS:
            failures += 1
            print(f"  MÅL IKKE NÅDD: p95 {p95:.1f} ms > {TARGET_P95_MS} ms")
        if py50 / sample50 < TARGET_SPEEDUP:
            failures += 1
            print(f"  MÅL IKKE NÅDD: bare {py50 / sample50:.0f}× raskere enn Python")
    if args.pages:
        failures += pages(args.pages)
    print("OK: samme topp 20 og mål nådd" if not failures else f"{failures} avvik eller mål ikke nådd")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
