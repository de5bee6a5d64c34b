"""The weekly market e-mail on the large data set: build and queue every recipient's e-mail.

    DATABASE_URL=postgres://…/nav_h14_large .venv/bin/python bench/market_email.py [--recipients 2000 --needs 500]

On a COPY of the large data set (it writes): tops up counsellors (bench-veileder-N, with no
candidates of their own) until --recipients get this week's e-mail and trims the open needs to
--needs (the newest stay open, the rest are closed with one UPDATE); clears this week's send log;
then does what the fan-out and the tasks do: every recipient's fit counts in one query
(digests.selectors.week_fit_counts), then the per-recipient service with its counts
(digests.services.digest_queue, what each task runs), counting queries per recipient. Prints the total, per-recipient p50/p95 and the
query counts; exits 1 when the total exceeds 60 s or the query count varies between recipients.
Delivery tasks are published to this environment's Redis and purged at the end.
--processes N builds the e-mails in N forked processes after the count, as N Celery worker
processes take the per-recipient tasks (the total is then the count plus the slowest process).
--explain prints EXPLAIN (ANALYZE, BUFFERS) of the fit count query (matching.ranking.fit_counts_sql)
for the same recipients first. The load average and this process's CPU and SQL time are printed
beside the wall-clock figures: the development machine is shared.
"""

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navinclusion.settings.local")

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402

from accounts.models import Membership, NavUnit, Role, User  # noqa: E402
from core.models import OutboxMessage  # noqa: E402
from digests import selectors, services  # noqa: E402
from digests.models import DigestSend  # noqa: E402
from employers.models import Need  # noqa: E402
from matching.ranking import PAIR_WORK_MEM, fit_counts_sql  # noqa: E402
from navinclusion.celery import app as celery_app  # noqa: E402

TARGET_SECONDS = 60


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def explain_fit_counts(ids, week) -> None:
    need_ids = list(Need.objects.filter(status=Need.Status.OPEN).values_list("pk", flat=True))
    sql, params = fit_counts_sql(
        need_ids=need_ids, counsellor_ids=ids, minimum=selectors.GOOD_FIT_SCORE, today=week.on
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")  # as ranking._fetch_pair_counts runs it
        cursor.execute(f"SET LOCAL work_mem = '{PAIR_WORK_MEM}'")
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        print("\n".join(row[0] for row in cursor.fetchall()))


def build(user_ids, fits, week) -> dict:
    """What the digest_send tasks do for these recipients, one after the other, measured."""
    sql = {"seconds": 0.0, "count": 0}

    def timed(execute, sql_text, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql_text, params, many, context)
        finally:
            sql["seconds"] += time.perf_counter() - t
            sql["count"] += 1

    per, queries, queued = [], [], 0
    cpu = time.process_time()
    with connection.execute_wrapper(timed):
        for user_id in user_ids:
            t, before = time.perf_counter(), sql["count"]
            if services.digest_queue(user_id=user_id, week=week, fit=fits.get(user_id, {})) is not None:
                queued += 1
            per.append((time.perf_counter() - t) * 1000)
            # BEGIN and COMMIT are not executed through the wrapper: add them, as the tests count them.
            queries.append(sql["count"] - before + 2)
    cpu = time.process_time() - cpu
    return {"per": per, "queries": queries, "queued": queued, "cpu": cpu, "sql": sql["seconds"]}


def trim_needs(wanted: int) -> int:
    open_needs = Need.objects.filter(status=Need.Status.OPEN)
    keep = list(open_needs.order_by("-opened_at", "-pk").values_list("pk", flat=True)[:wanted])
    open_needs.exclude(pk__in=keep).update(status=Need.Status.CLOSED)
    return Need.objects.filter(status=Need.Status.OPEN).count()


def top_up_recipients(week, wanted: int) -> None:
    have = len(selectors.recipient_ids(week=week, exclude_sent=False))
    if have >= wanted:
        return
    content = selectors.counties_with_content(on=week.on)
    offices = list(NavUnit.objects.filter(kind=NavUnit.Kind.OFFICE, county_id__in=content).order_by("pk"))
    users = User.objects.bulk_create(
        User(
            username=f"bench-veileder-{have + i}",
            email=f"bench-veileder-{have + i}@nav-inkludering.local",
            first_name="Bench",
            last_name=f"Veileder {i}",
            password="!",
        )
        for i in range(wanted - have)
    )
    Membership.objects.bulk_create(
        Membership(user=u, unit=offices[i % len(offices)], role=Role.VEILEDER) for i, u in enumerate(users)
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=2000)
    parser.add_argument("--needs", type=int, default=500)
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="build the e-mails in this many processes, as that many Celery worker processes would",
    )
    parser.add_argument(
        "--explain", action="store_true", help="EXPLAIN (ANALYZE, BUFFERS) the fit count query"
    )
    args = parser.parse_args()
    week = selectors.this_week()

    open_needs = trim_needs(args.needs)
    top_up_recipients(week, args.recipients)
    sent = DigestSend.objects.filter(iso_year=week.iso_year, iso_week=week.iso_week)
    OutboxMessage.objects.filter(pk__in=sent.values("message_id")).delete()
    sent.delete()

    t = time.perf_counter()
    ids = selectors.recipient_ids(week=week)[: args.recipients]
    fan_out = time.perf_counter() - t
    fairs = "jobfairs installed" if apps.is_installed("jobfairs") else "jobfairs not installed: no fairs"
    print(
        f"week {week.label}: {len(ids)} recipients, {open_needs} open needs ({fairs}); fan-out query {fan_out:.2f} s"
    )

    if args.explain:
        explain_fit_counts(ids, week)

    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    started = time.perf_counter()
    cpu = time.process_time()
    # What the fan-out does once: every recipient's fit counts in one query (timed in the total).
    fits = selectors.week_fit_counts(recipient_ids=ids, week=week)
    counting = time.perf_counter() - started
    cpu = time.process_time() - cpu
    print(f"fit counts for all {len(ids)} recipients (one query, in the fan-out): {counting:.1f} s")
    jobs = [(ids[i :: args.processes], fits, week) for i in range(args.processes)]
    if args.processes == 1:
        results = [build(*jobs[0])]
    else:
        connections.close_all()  # each forked worker opens its own connection
        with multiprocessing.get_context("fork").Pool(args.processes) as pool:
            results = pool.starmap(build, jobs)
    total = time.perf_counter() - started
    per = [ms for r in results for ms in r["per"]]
    queries = [n for r in results for n in r["queries"]]
    queued = sum(r["queued"] for r in results)
    cpu += sum(r["cpu"] for r in results)
    sql_seconds = sum(r["sql"] for r in results)
    counsellors_with_candidates = (
        DigestSend.objects.filter(
            iso_year=week.iso_year, iso_week=week.iso_week, recipient__candidates__isnull=False
        )
        .distinct()
        .count()
    )
    print(f"built and queued {queued} e-mails in {total:.1f} s (target < {TARGET_SECONDS} s)")
    print(
        f"with {args.processes} process(es): CPU {cpu:.1f} s in Python, {sql_seconds:.1f} s waiting on SQL; "
        f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print(
        f"per recipient: p50 {statistics.median(per):.1f} ms, p95 {pct(per, 0.95):.1f} ms, max {max(per):.1f} ms"
    )
    print(f"queries per recipient: min {min(queries)}, max {max(queries)} "
          f"({counsellors_with_candidates} recipients with own candidates)")  # fmt: skip
    purged = celery_app.control.purge()
    print(f"purged {purged} delivery tasks from this environment's broker")
    ok = total < TARGET_SECONDS and min(queries) == max(queries)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
