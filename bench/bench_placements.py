"""The daily reminder job over 20,000+ active placements, and the server time of «Mine oppfølginger»
and the placement page, in-process, against a large database.

    createdb -T nav_large nav_h13_large; DATABASE_URL=…/nav_h13_large manage.py migrate
    DATABASE_URL=… manage.py seed_demo --scale large --only placements
    DATABASE_URL=… .venv/bin/python bench/bench_placements.py [runs]

Tops the active placements up to 20,000 (bulk, marked «Bench»), then runs the reminder job for a
day twice inside a transaction that is rolled back (so the bench can be repeated) and prints the
seconds of each run, the rows it scheduled and sent; then p50 and p95 ms (wall clock, and the
process CPU and SQL time beside it) and the query count of the pages for the counsellor with the
most active placements, after the minimal page as a yardstick for the machine's load.
"""

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navinclusion.settings.local")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from candidates.models import Candidate  # noqa: E402
from employers.models import Employer  # noqa: E402
from placements import plans, services  # noqa: E402
from placements.models import FollowUp, Placement, Reminder  # noqa: E402

ACTIVE_WANTED = 20_000


def analyze():
    """Fresh planner statistics for the whole database. A copy of the template has none (its
    tables show reltuples -1 until analysed), and with none the planner joined a busy counsellor's
    placements to every employer by a sequential scan; production has autovacuum's analyze."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def top_up(today):
    active = Placement.objects.filter(status="aktiv").count()
    missing = ACTIVE_WANTED - active
    if missing <= 0:
        analyze()
        return active
    employers = list(Employer.objects.order_by("pk").values_list("pk", "county_id")[:2000])
    pool = list(
        Candidate.objects.filter(follow_up_status="aktiv", counsellor__isnull=False, erased_at__isnull=True)
        .exclude(placements__isnull=False)
        .order_by("pk")
        .values_list("pk", "office_id", "counsellor_id")[:missing]
    )
    rows = []
    for i, (candidate_id, office_id, counsellor_id) in enumerate(pool):
        start = today - timedelta(days=10 + i % 150)
        rows.append(
            Placement(
                candidate_id=candidate_id,
                office_id=office_id,
                employer_id=employers[i % len(employers)][0],
                counsellor_id=counsellor_id,
                status="aktiv",
                source_label="Bench",
                planned_start=start,
                planned_end=plans.add_months(start, 6),
                started_on=start,
                startup_held_on=start,
                plan_kind="manedlig",
                plan_agreed_on=start,
            )
        )
    Placement.objects.bulk_create(rows, batch_size=5000)
    follow_ups = [
        FollowUp(
            placement=p,
            kind=s.kind,
            title=s.title,
            due_on=s.due_on,
            party=s.party,
            responsible_id=services.responsible_id_for(p, s.party),
            from_plan=True,
        )
        for p in rows
        for s in plans.plan_steps("manedlig", start=p.planned_start, end=p.planned_end)
    ]
    FollowUp.objects.bulk_create(follow_ups, batch_size=10000)
    analyze()  # fresh planner statistics after the bulk load
    return Placement.objects.filter(status="aktiv").count()


def _p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def measure(client, url, runs):
    """Wall-clock ms per request, and beside it the process CPU ms and the SQL ms (the database's
    answer time as Django saw it): on a shared, loaded machine the wall clock includes waiting for a
    core, the other two say what the request itself cost."""
    wall, cpu, sql, queries = [], [], [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start, cpu_start = time.perf_counter(), time.process_time()
            response = client.get(url, HTTP_HOST="127.0.0.1")
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - cpu_start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        sql.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
        queries = len(ctx.captured_queries)
    return {
        "p50": statistics.median(wall),
        "p95": _p95(wall),
        "cpu50": statistics.median(cpu),
        "cpu95": _p95(cpu),
        "sql50": statistics.median(sql),
        "sql95": _p95(sql),
        "queries": queries,
    }


class Rollback(Exception):
    pass


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    today = timezone.localdate()
    active = top_up(today)
    print(
        f"{Placement.objects.count()} tiltak, {active} aktive, "
        f"{FollowUp.objects.count()} oppfølginger ({FollowUp.objects.filter(status='planlagt').count()} planlagte)"
    )
    try:
        with transaction.atomic():
            for label in ("første kjøring", "andre kjøring (samme dag)"):
                start = time.perf_counter()
                result = services.reminders_run(today=today)
                seconds = time.perf_counter() - start
                print(f"påminnelsesjobben, {label}: {seconds:.1f} s {result}")
            print(
                f"  påminnelser: {Reminder.objects.count()}, sendt: {Reminder.objects.filter(state='sendt').count()}"
            )
            raise Rollback
    except Rollback:
        pass

    setup_test_environment()
    busiest = (
        Placement.objects.filter(status="aktiv", counsellor__isnull=False)
        .values("counsellor")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    user = User.objects.get(pk=busiest["counsellor"])
    # Their active placement with the longest history: the placement page at its heaviest.
    placement = (
        Placement.objects.filter(counsellor=user, status="aktiv")
        .annotate(n=Count("follow_ups"))
        .order_by("-n", "pk")
        .first()
    )
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    print(f"{user.username}: {busiest['n']} aktive tiltak, {runs} kjøringer per side")
    print(f"  last (1 min): {os.getloadavg()[0]:.1f}")
    # The minimal logged-in page first: on a loaded machine its figures say how much of a page's
    # time is waiting for a core (docs/performance.md).
    for url in ("/tilgjengelighet/", "/tiltak/", f"/tiltak/{placement.pk}/", "/"):
        client.get(url, HTTP_HOST="127.0.0.1")
        m = measure(client, url, runs)
        print(
            f"  {url:<22} p50 {m['p50']:6.1f} ms  p95 {m['p95']:6.1f} ms"
            f"  (CPU p50 {m['cpu50']:5.1f} / p95 {m['cpu95']:5.1f} ms,"
            f" SQL p50 {m['sql50']:5.1f} / p95 {m['sql95']:5.1f} ms)  {m['queries']} spørringer"
        )


if __name__ == "__main__":
    main()
