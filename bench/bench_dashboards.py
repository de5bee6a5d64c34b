"""Server time of the dashboards, in-process, and the build time of the snapshot job.

    createdb -T nav_large nav_h15_large; DATABASE_URL=…/nav_h15_large manage.py migrate
    DATABASE_URL=…/nav_h15_large .venv/bin/python bench/bench_dashboards.py [runs]

Builds the snapshot of the last closed quarter (timed; what the hourly job does once a quarter),
then prints median and p95 milliseconds and the query count of the pages and exports, as an
admin (all, the largest views), a leader and a project coordinator.
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
from django.utils import timezone  # noqa: E402

from accounts.models import Membership, Role, User  # noqa: E402
from dashboards.models import Snapshot, SnapshotView  # noqa: E402
from dashboards.services import last_closed_quarter_end, snapshot_build  # noqa: E402
from projects.models import Enrolment, Project  # noqa: E402


def _p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def measure(client, url, runs):
    """Wall-clock, CPU (this process) and SQL milliseconds per request: on a loaded machine the
    wall clock mostly measures waiting for a core, the CPU and SQL times what the request costs."""
    timings, cpu, sql, queries = [], [], [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url, HTTP_HOST="127.0.0.1")
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
        sql.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
    return statistics.median(timings), _p95(timings), _p95(cpu), _p95(sql), queries


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 30
    setup_test_environment()
    cutoff = last_closed_quarter_end(timezone.localdate())
    start = time.perf_counter()
    snapshot = (
        snapshot_build(cutoff=cutoff) if "--reuse" not in sys.argv else Snapshot.objects.get(cutoff=cutoff)
    )
    print(
        f"snapshot {cutoff}: built in {(time.perf_counter() - start):.1f} s, "
        f"{SnapshotView.objects.filter(snapshot=snapshot).count()} views, {len(snapshot.hidden_keys)} hidden keys; "
        f"{Enrolment.objects.count()} enrolments, {Project.objects.count()} projects"
    )
    admin = User.objects.filter(is_staff=True, is_active=True).first()
    leader = Membership.objects.filter(role=Role.LEDER).select_related("user").first()
    busiest = Project.objects.order_by("-enrolments__id").first()
    coordinator = busiest.coordinator or admin
    cases = [
        (admin, "forsiden (til sammenligning)", "/"),
        (admin, "alle, 12 mnd", "/resultater/"),
        (admin, "alle, alle år", "/resultater/?periode=alt"),
        (admin, "største prosjekt", f"/resultater/?prosjekt={busiest.pk}&periode=alt"),
        (
            admin,
            "eksport arbeidsgiver (xlsx)",
            "/resultater/eksport/?periode=alt&tabell=employer&format=xlsx",
        ),
        (
            admin,
            "eksport plasseringsutfall (csv)",
            "/resultater/eksport/?periode=alt&tabell=placement_outcome&format=csv",
        ),
        (coordinator, "koordinator, standard", "/resultater/"),
    ]
    if leader:
        cases.append((leader.user, "leder, standard", "/resultater/"))
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'side':40} {'median ms':>10} {'p95 ms':>8} {'p95 cpu':>8} {'p95 sql':>8} {'spørringer':>10}")
    for user, label, url in cases:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        client.get(url, HTTP_HOST="127.0.0.1")  # warm
        median, p95, cpu, sql, queries = measure(client, url, runs)
        print(f"{label:40} {median:10.1f} {p95:8.1f} {cpu:8.1f} {sql:8.1f} {queries:10d}")


if __name__ == "__main__":
    main()
