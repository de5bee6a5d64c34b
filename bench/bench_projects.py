"""Server time of the projects pages, in-process, against the worktree's dev database.

    .venv/bin/python manage.py seed_demo --scale large
    .venv/bin/python bench/bench_projects.py [runs]

Prints median and p95 milliseconds and the query count per page, logged in as demo users.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navinclusion.settings.local")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from accounts.models import User  # noqa: E402
from projects.models import Enrolment, Project  # noqa: E402


def measure(client, url, runs):
    timings, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url, HTTP_HOST="127.0.0.1")
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return statistics.median(timings), p95, queries


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    setup_test_environment()
    jobbloop = Project.objects.get(name="JobbLoop")
    springbrett = Project.objects.get(name="Springbrett")
    ta_sjansen = Project.objects.get(name="Ta sjansen")
    print(
        f"{Project.objects.count()} prosjekter, {Enrolment.objects.count()} deltakelser, {runs} kjøringer per side"
    )
    pages = [
        ("koordinator", "/"),
        ("koordinator", "/prosjekter/"),
        ("veileder", "/prosjekter/?status=aktiv"),
        ("veileder", "/prosjekter/sammenlign/"),
        (
            "veileder",
            "/prosjekter/sammenlign/?"
            + "&".join(f"p={pk}" for pk in Project.objects.values_list("pk", flat=True)[:8]),
        ),
        ("radgiver", f"/prosjekter/{jobbloop.pk}/"),
        ("radgiver", f"/prosjekter/{springbrett.pk}/kull/"),
        ("radgiver", f"/prosjekter/{springbrett.pk}/resultater/"),
        ("radgiver", f"/prosjekter/{springbrett.pk}/mal/"),
        ("veileder", f"/prosjekter/{ta_sjansen.pk}/deltakere/"),
        ("radgiver", f"/prosjekter/{ta_sjansen.pk}/deltakere/"),
        ("veileder", f"/prosjekter/{ta_sjansen.pk}/deltakere/ny/"),
    ]
    print(f"{'bruker':<12} {'side':<60} {'median ms':>10} {'p95 ms':>8} {'spørringer':>10}")
    for username, url in pages:
        client = Client()
        client.force_login(User.objects.get(username=username))
        client.get(url, HTTP_HOST="127.0.0.1")  # warm up
        median, p95, queries = measure(client, url, runs)
        print(f"{username:<12} {url[:60]:<60} {median:>10.1f} {p95:>8.1f} {queries:>10}")


if __name__ == "__main__":
    main()
