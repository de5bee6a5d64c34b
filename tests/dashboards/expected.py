"""The dashboards' figures computed from the spec alone (not from the code under test): per person
(and per fair booking and board case) the set of published cells it counts in, so the tests can
both sum the expected figures and play the rank attacker with the same facts."""

import datetime as dt

from tests.dashboards.conftest import BOARD, FAIRS, SPEC

WORK_OR_EDUCATION = {
    "ordinary_work",
    "wage_subsidy",
    "apprenticeship",
    "job_at_host",
    "job_elsewhere",
    "education",
}
WORK_OUTCOMES = {"ordinaert_arbeid", "lonnstilskudd", "laereplass"}
COUNTY = {"hamar": "34", "elverum": "34", "bergen": "46"}


def periods(cutoff):
    months = cutoff.year * 12 + cutoff.month - 1 - 11
    return {
        "12m": (dt.date(months // 12, months % 12 + 1, 1), cutoff),
        f"ar-{cutoff.year}": (dt.date(cutoff.year, 1, 1), cutoff),
        f"ar-{cutoff.year - 1}": (dt.date(cutoff.year - 1, 1, 1), dt.date(cutoff.year - 1, 12, 31)),
        "alt": (None, cutoff),
    }


def _in(day, first, last):
    return day <= last and (first is None or day >= first)


def person_cells(p, cutoff, ids):
    """(table, row, column) cells one enrolment counts in, as of the cutoff. `ids` names the
    employers (spec key -> row key)."""
    exited = p.exited_on is not None and p.exited_on <= cutoff
    end = p.exited_on if exited else cutoff
    stages, employers = {"enrolled"}, {}
    for employer, proposed, interview, _got_job in p.entries:
        if proposed <= cutoff and p.enrolled_on <= proposed <= end:
            got = {"proposed"} | ({"interview"} if interview and interview <= cutoff else set())
            employers.setdefault(employer, set()).update(got)
            stages |= got
    for fair, attended, _offer in p.bookings:
        day, employer, _places = FAIRS[fair]
        if day <= cutoff and p.enrolled_on <= day <= end:
            got = {"proposed", "interview"} if attended else {"proposed"}
            employers.setdefault(employer, set()).update(got)
            stages |= got
    placement = None
    if p.placement and p.placement[1] <= cutoff and p.enrolled_on <= p.placement[1] <= end:
        placement = p.placement
        employer, _started, ended, outcome = placement
        hired = ended is not None and ended <= cutoff and outcome in WORK_OUTCOMES
        employers.setdefault(employer, set()).update({"placement", "hired"} if hired else {"placement"})
        stages.add("placement")
    if exited and p.exit_reason in WORK_OR_EDUCATION:
        stages.add("work_or_education")

    age = "under_30" if p.age < 30 else "30_plus"
    innsats = "standard" if p.innsats == "standard" else "not_standard"
    cells = set()
    for s in stages:
        cells |= {("T", "total", s), ("age", age, s), ("innsatsgruppe", innsats, s)}
    for employer, got in employers.items():
        for s in got:
            cells |= {("employer", ids[employer], s), ("sector", employer, s)}
    if exited and p.exit_reason:
        cells |= {("exit", p.exit_reason, "n"), ("exit", "total", "n")}
    if placement:
        employer, started, ended, outcome = placement
        if ended is not None and ended <= cutoff:
            for row in (outcome, "total"):
                cells |= {("placement_outcome", row, c) for c in ("total", age, innsats, employer)}
        days = (started - p.enrolled_on).days
        band = "0_3" if days <= 91 else "3_6" if days <= 182 else "6_12" if days <= 365 else "12_plus"
        cells.add(("time_to_placement", band, "placement"))
        for months, (done, result) in p.retention.items():
            if done <= cutoff:
                cells |= {("retention", result, str(months)), ("retention", "total", str(months))}
    return cells


def follow_up_cells(p, cutoff):
    """One entry per follow-up (they are counted, not people)."""
    out = []
    if not (p.placement and p.placement[1] <= cutoff):
        return out
    # A retention check is a follow-up too (done on its due date here).
    checks = [(done, done, "utfort") for done, _result in p.retention.values()]
    for due, done, status in [*p.follow_ups, *checks]:
        if due > cutoff:
            continue
        done = done if done and done <= cutoff else None
        row = ("on_time" if done <= due else "late") if done and status == "utfort" else "overdue"
        out.append({("follow_ups", row, "n"), ("follow_ups", "total", "n")})
    return out


def booking_cells(p, cutoff, fair_ids):
    out = []
    for fair, attended, offer in p.bookings:
        day = FAIRS[fair][0]
        if day <= cutoff:
            cells = set()
            for row in (fair_ids[fair], "total"):
                cells.add(("fairs", row, "booked"))
                if attended:
                    cells.add(("fairs", row, "attended"))
                if offer:
                    cells.add(("fairs", row, "offers"))
            out.append((day, FAIRS[fair], cells))
    return out


def tables(node_kind, node_value, cutoff, period, ids, fair_ids, adviser_ids, unit_id):
    """{(table, row, column): count} for one node and period."""
    first, last = periods(cutoff)[period]
    counts: dict = {}

    def add(cells):
        for c in cells:
            counts[c] = counts.get(c, 0) + 1

    for p in SPEC:
        if node_kind == "prosjekt" and p.project != node_value:
            continue
        if node_kind == "kontor" and p.office != node_value:
            continue
        if node_kind == "region" and COUNTY[p.office] != node_value:
            continue
        if _in(p.enrolled_on, first, last):
            add(person_cells(p, cutoff, ids))
            for cells in follow_up_cells(p, cutoff):
                add(cells)
        # Fairs count by the event's project (none here) and the candidate's office.
        if node_kind != "prosjekt":
            for day, _fair, cells in booking_cells(p, cutoff, fair_ids):
                if _in(day, first, last):
                    add(cells)
    if node_kind != "prosjekt":
        for office, closed, adviser, _unit in BOARD:
            if node_kind == "kontor" and office != node_value:
                continue
            if node_kind == "region" and COUNTY[office] != node_value:
                continue
            if closed <= cutoff and _in(closed, first, last):
                add({("board_adviser", adviser_ids[adviser], "n"), ("board_unit", unit_id, "n")})
                add({("board", "total", "n")})
    return counts
