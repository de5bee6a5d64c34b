"""Server time of the employer register's list pages on the large demo data set.

    .venv/bin/python manage.py seed_demo --scale large
    .venv/bin/python bench/bench_employers.py [--runs 15]

Runs in-process through django.test.Client, logged in as the demo users, and prints median and
p95 milliseconds and the query count per page. Target: under 150 ms per page.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navinclusion.settings.local")
os.environ["DEBUG"] = "False"  # DEBUG keeps every SQL string in memory and slows templates

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from employers.models import ContactLogEntry, Employer, Need  # noqa: E402

TARGET_MS = 150
PAGES = [
    ("radgiver", "Arbeidsgivere", "/arbeidsgivere/"),
    ("radgiver", "Arbeidsgivere, søk + filter", "/arbeidsgivere/?q=AS&sector=privat&status=aktiv"),
    ("radgiver", "Arbeidsgivere, side 50", "/arbeidsgivere/?page=50"),
    ("radgiver", "Mine uten kontakt (90 d)", "/arbeidsgivere/uten-kontakt/"),
    ("radgiver", "Behov (rådgiver, alle statuser)", "/behov/"),
    ("veileder", "Behov (veileder, åpne i fylket)", "/behov/"),
    ("veileder", "Behov, filter tilrettelegging+tilbud", "/behov/?facilitation=fysisk&offer_type=mentor"),
    ("markedskoordinator", "Kontaktlogg", "/arbeidsgivere/kontaktlogg/"),
    ("markedskoordinator", "Kontaktlogg, kanal=besøk", "/arbeidsgivere/kontaktlogg/?channel=besok"),
    ("veileder", "Forside (veileder)", "/"),
    ("radgiver", "Forside (rådgiver)", "/"),
]


def measure(client: Client, url: str, runs: int) -> tuple[float, float, int]:
    client.get(url)  # warm up
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95, len(queries)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print(
        f"Data: {Employer.objects.count()} arbeidsgivere, {Need.objects.count()} behov, "
        f"{ContactLogEntry.objects.count()} kontakter"
    )
    print(f"{'Side':<40} {'bruker':<19} {'median ms':>9} {'p95 ms':>8} {'spørringer':>10}")
    slow = 0
    clients = {}
    for username, label, url in PAGES:
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        median, p95, queries = measure(clients[username], url, args.runs)
        flag = "" if median < TARGET_MS else "  << over mål"
        slow += median >= TARGET_MS
        print(f"{label:<40} {username:<19} {median:>9.1f} {p95:>8.1f} {queries:>10}{flag}")
    print(
        f"Mål: median under {TARGET_MS} ms. {'Alle sider er under målet.' if not slow else f'{slow} side(r) over målet.'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
