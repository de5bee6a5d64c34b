"""Server time of the job-fair pages (run `seed_demo --scale large` first; the jobfairs seeder
adds the fairs).

    .venv/bin/python bench/bench_jobfairs.py [--runs 15]

Each page is requested in-process through django.test.Client, logged in as a demo user; the
figures are wall time of the whole request/response cycle, the process's CPU time and the time
spent waiting for SQL (both medians, so a loaded machine can be told from a slow page), and the
number of SQL queries. Target: under 150 ms at p95 on --scale large.

A database copied from the `nav_large` template has no planner statistics until it is analysed
(`seed_demo --scale large` now ends with ANALYZE; older templates do not): the script says so.
"""

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navinclusion.settings.local")

import django

django.setup()

import time  # noqa: E402

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from candidates.models import Candidate  # noqa: E402
from jobfairs.models import Booking, Event  # noqa: E402

TARGET_MS = 150


def measure(client: Client, url: str, runs: int) -> tuple[list[float], list[float], list[float], int]:
    """Wall, CPU and SQL milliseconds per request, and the query count (after one warm-up)."""
    client.get(url)
    walls, cpus, sqls, queries = [], [], [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        sqls.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
        queries = len(ctx.captured_queries)
    return walls, cpus, sqls, queries


def analysed() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'candidates_candidate'")
        return cursor.fetchone()[0] > 0


def pages():
    event = Event.objects.filter(status="publisert", title__startswith="Ta sjansen").order_by("date").first()
    entry = event.employers.order_by("pk").first()
    candidate = (
        Candidate.objects.filter(office__unit_number="3401", erased_at__isnull=True, follow_up_status="aktiv")
        .order_by("-pk")
        .first()
    )
    return [
        ("veileder", "Kalender", f"/arrangementer/?ar={event.date.year}"),
        ("veileder", "Arrangement", f"/arrangementer/{event.pk}/"),
        ("veileder", "Booking (uten kandidat)", f"/arrangementer/{event.pk}/book/"),
        ("veileder", "Booking med rangering", f"/arrangementer/{event.pk}/book/?kandidat={candidate.pk}"),
        ("veileder", "Min liste (utskrift)", f"/arrangementer/{event.pk}/utskrift/mine/"),
        ("markedskoordinator", "Arrangement (arrangør)", f"/arrangementer/{event.pk}/"),
        (
            "markedskoordinator",
            "Utskrift arbeidsgiver",
            f"/arrangementer/{event.pk}/arbeidsgivere/{entry.pk}/utskrift/",
        ),
        ("markedskoordinator", "Kjøreplan", f"/arrangementer/{event.pk}/utskrift/kjoreplan/"),
        *format_pages(),
    ]


def format_pages():
    """The format pages, where the demo has such events (seed_demo's second job-fair seeder)."""
    out = []
    for fmt, user, label, path in (
        ("speed", "veileder", "Rotasjonsplan", "rotasjon/"),
        ("speed", "markedskoordinator", "Rotasjonsplan (utskrift)", "rotasjon/utskrift/"),
        ("gruppe", "markedskoordinator", "Grupper og felles valg", "grupper/"),
        ("dropin", "markedskoordinator", "Drop-in", "dropin/"),
    ):
        event = Event.objects.filter(format=fmt, bookings__isnull=False).order_by("-pk").first()
        if event is not None:
            out.append((user, label, f"/arrangementer/{event.pk}/{path}"))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    hosts = [h for h in settings.ALLOWED_HOSTS if "*" not in h]
    host = hosts[0] if hosts else "127.0.0.1"
    print(
        f"Candidates: {Candidate.objects.count():,}, events: {Event.objects.count():,}, "
        f"bookings: {Booking.objects.count():,}; {args.runs} runs per page"
    )
    if not analysed():
        print("WARNING: no planner statistics (run ANALYZE): the figures below are not representative.")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"{'page':30} {'user':18} {'median ms':>10} {'p95 ms':>8} {'cpu ms':>7} {'sql ms':>7} {'queries':>8}"
    )
    clients: dict[str, Client] = {}
    worst = 0.0
    for username, label, url in pages():
        if username not in clients:
            clients[username] = Client(HTTP_HOST=host)
            clients[username].force_login(
                User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
            )
        times, cpus, sqls, queries = measure(clients[username], url, args.runs)
        median = statistics.median(times)
        p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
        worst = max(worst, p95)
        print(
            f"{label:30} {username:18} {median:10.1f} {p95:8.1f} {statistics.median(cpus):7.1f} "
            f"{statistics.median(sqls):7.1f} {queries:8d}"
        )
    verdict = "OK" if worst < TARGET_MS else "OVER TARGET"
    print(f"Slowest p95 {worst:.1f} ms (target < {TARGET_MS} ms): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
