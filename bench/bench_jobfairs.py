"""Server time of the job-fair pages (run `seed_demo --scale large` first; the jobfairs seeder
adds the fairs).

    .venv/bin/python bench/bench_jobfairs.py [--runs 15]

Each page is requested in-process through django.test.Client, logged in as a demo user; the
figures are wall time of the whole request/response cycle and the number of SQL queries.
Target: under 150 ms at p95 on --scale large.
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

from bench_candidates import measure  # noqa: E402 (the same in-process timing)
from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402
from candidates.models import Candidate  # noqa: E402
from jobfairs.models import Booking, Event  # noqa: E402

TARGET_MS = 150


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
    ]


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
    print(f"{'page':30} {'user':18} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    clients: dict[str, Client] = {}
    worst = 0.0
    for username, label, url in pages():
        if username not in clients:
            clients[username] = Client(HTTP_HOST=host)
            clients[username].force_login(
                User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
            )
        times, queries = measure(clients[username], url, args.runs)
        median = statistics.median(times)
        p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
        worst = max(worst, p95)
        print(f"{label:30} {username:18} {median:10.1f} {p95:8.1f} {queries:8d}")
    verdict = "OK" if worst < TARGET_MS else "OVER TARGET"
    print(f"Slowest p95 {worst:.1f} ms (target < {TARGET_MS} ms): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
