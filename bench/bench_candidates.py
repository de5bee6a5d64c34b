"""Server time of the candidate list pages on the dev database (run `seed_demo --scale large` first).

    .venv/bin/python bench/bench_candidates.py [--runs 15]

Each page is requested in-process through django.test.Client, logged in as a demo user; the
figures are wall time of the whole request/response cycle (middleware, queries, template) and
the number of SQL queries. Target: under 150 ms at the median and p95 on --scale large.
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

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from candidates.models import Candidate, CandidateProfile  # noqa: E402

TARGET_MS = 150


def pages():
    sample = (
        Candidate.objects.filter(office__unit_number="3401", erased_at__isnull=True)
        .select_related("profile")
        .order_by("pk")
        .first()
    )
    return [
        ("veileder", "Mine kandidater", "/kandidater/"),
        ("veileder", "Mine kandidater, bare mine", "/kandidater/?mine=on&status=aktiv"),
        ("veileder", "Søk på navn", ("/kandidater/?sok=1", sample.last_name[:4])),
        ("veileder", "Søk på fødselsnummer", ("/kandidater/?sok=1", sample.fodselsnummer)),
        ("veileder", "Mine kandidater, side 20", "/kandidater/?page=20"),
        ("veileder", "Kandidatside", f"/kandidater/{sample.pk}/"),
        ("radgiver", "Kandidatprofiler", "/kandidater/profiler/"),
        ("radgiver", "Profiler: Innlandet + fysisk", "/kandidater/profiler/?county=34&category=fysisk"),
        (
            "radgiver",
            "Profiler: yrke 52 + tilgjengelig",
            "/kandidater/profiler/?occupation=52&available_by=2026-12-31",
        ),
        ("radgiver", "Profiler, side 200", "/kandidater/profiler/?page=200"),
        ("radgiver", "Profil", f"/kandidater/profiler/{sample.profile.code}/"),
        ("leder", "Kandidatstatistikk", "/kandidater/statistikk/"),
        ("leder", "Tilgangslogg", "/kandidater/tilgangslogg/"),
        ("veileder", "Forside (veileder)", "/"),
    ]


def measure(client: Client, url, runs: int) -> tuple[list[float], int]:
    if isinstance(url, tuple):  # a search: the term is POSTed into the session, then the list is read
        url, term = url
        client.post("/kandidater/", {"q": term})
    client.get(url)  # warm-up: connection, template cache
    times = []
    queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    return times, queries


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    hosts = [h for h in settings.ALLOWED_HOSTS if "*" not in h]
    host = hosts[0] if hosts else "127.0.0.1"
    print(
        f"Candidates: {Candidate.objects.count():,}, profiles: {CandidateProfile.objects.count():,}; "
        f"{args.runs} runs per page"
    )
    print(f"{'page':38} {'user':10} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    clients: dict[str, Client] = {}
    worst = 0.0
    for username, label, url in pages():
        if username not in clients:
            clients[username] = Client(HTTP_HOST=host)
            clients[username].force_login(User.objects.get(username=username))
        times, queries = measure(clients[username], url, args.runs)
        median = statistics.median(times)
        p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
        worst = max(worst, median)
        print(f"{label:38} {username:10} {median:10.1f} {p95:8.1f} {queries:8d}")
    verdict = "OK" if worst < TARGET_MS else "OVER TARGET"
    print(f"Slowest median {worst:.1f} ms (target < {TARGET_MS} ms): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
