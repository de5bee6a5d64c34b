"""Reads of the placements app: one placement, «Mine oppfølginger», unowned placements."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.db.models import Q

from accounts.access import office_ids, visible
from accounts.models import Role, User
from core.selectors import audit_history

from .models import FollowUp, Placement
from .rules import sees_identity


def _base():
    # Four joins, not ten: with the three people and need and office joined too, PostgreSQL spent
    # 3–15 ms planning the query (EXPLAIN SUMMARY, large data set) that runs in under a millisecond.
    # The people come in one query of their own (`_attach_people`), need and office when asked.
    return Placement.objects.select_related("candidate__profile", "employer", "project", "mentor")


PEOPLE = ("counsellor", "adviser", "employer_contact")


def _attach_people(placement: Placement) -> None:
    """The placement's counsellor, adviser and NAV contact in one query (names only)."""
    ids = {getattr(placement, f"{name}_id") for name in PEOPLE} - {None}
    people = User.objects.only("username", "first_name", "last_name").in_bulk(ids) if ids else {}
    for name in PEOPLE:
        field = Placement._meta.get_field(name)
        field.set_cached_value(placement, people.get(getattr(placement, field.attname)))


def placement_get(*, user, pk: int) -> Placement | None:
    placement = visible(user, _base()).filter(pk=pk).first()
    if placement is not None:
        placement.show_identity = sees_identity(user, placement)
    return placement


def candidate_label(user, placement: Placement) -> str:
    """The candidate's name for the owning office, the anonymised profile code for everyone else."""
    if sees_identity(user, placement):
        return placement.candidate.full_name
    profile = getattr(placement.candidate, "profile", None)
    return profile.code if profile is not None else str(placement.candidate)


@dataclass
class PlacementPage:
    placement: Placement
    follow_ups: list
    meetings: list
    problems: list
    rotations: list
    events: list
    history: list
    timeline: list


def placement_page(*, placement: Placement) -> PlacementPage:
    _attach_people(placement)
    follow_ups = list(placement.follow_ups.all())
    meetings = list(placement.meetings.select_related("recorded_by"))
    problems = list(placement.problems.select_related("responded_by"))
    rotations = list(placement.rotations.select_related("employer", "mentor"))
    events = list(placement.events.select_related("by"))
    timeline = sorted(
        [("follow_up", f.done_on or f.due_on, f) for f in follow_ups]
        + [("meeting", m.held_on, m) for m in meetings]
        + [("problem", p.reported_at.date(), p) for p in problems]
        + [("event", e.at.date(), e) for e in events],
        key=lambda row: (row[1], row[0]),
    )
    history = audit_history(
        placement, placement.follow_ups.all(), placement.meetings.all(), placement.problems.all()
    )
    return PlacementPage(placement, follow_ups, meetings, problems, rotations, events, history, timeline)


LIVE = Placement.LIVE_STATUSES
# Rows per section on «Mine oppfølginger»: a counsellor acts on the top of each list (oldest first);
# the headings show the exact counts and «Vis alle» opens the whole section, a page at a time
# (issue 16: 100 rows made the page 4.6 × the minimal page's cost).
MINE_LIMIT = 10
SECTIONS = ("forfalt", "uke", "tiltak")  # ?vis= on «Mine oppfølginger»


@dataclass(frozen=True, slots=True)
class FollowUpRow:
    """A row of «Mine oppfølginger»: what it shows and no more. Read as values, not as five model
    instances per row (follow-up, placement, employer, candidate, profile: ~0.1 ms a row)."""

    title: str
    due_on: date
    placement_id: int
    candidate_label: str  # the name for the owning office, the anonymised profile code for others
    employer_name: str
    days_overdue: int


# The wide placement and candidate rows (agreement texts, start-up notes, personal data) stay out of
# a list that needs a name and a link.
_ROW_VALUES = (
    "title",
    "due_on",
    "placement_id",
    "placement__office_id",
    "placement__employer__name",
    "placement__candidate__first_name",
    "placement__candidate__last_name",
    "placement__candidate__erased_at",
    "placement__candidate__profile__code",
)


def week_end_of(today: date) -> date:
    return today + timedelta(days=6 - today.weekday())  # to Sunday


def _due_follow_ups(user, today: date):
    # `responsible` is set only on follow-ups of live placements, so no join is needed to leave
    # out drafts: the counts are an index-only scan.
    return FollowUp.objects.filter(
        responsible=user, status=FollowUp.Status.PLANNED, due_on__lte=week_end_of(today)
    )


def _follow_up_rows(qs):
    return qs.order_by("due_on", "pk")


def label_follow_ups(*, user, today: date, rows) -> list[FollowUpRow]:
    """`FollowUpRow`s of the values `my_section` reads (`my_follow_ups` does this itself)."""
    own_offices = office_ids(user)
    return [
        FollowUpRow(
            title=title,
            due_on=due_on,
            placement_id=placement_id,
            candidate_label=(
                f"{first} {last}".strip() if office_id in own_offices and erased_at is None else code or ""
            ),
            employer_name=employer,
            days_overdue=(today - due_on).days,
        )
        for title, due_on, placement_id, office_id, employer, first, last, erased_at, code in rows
    ]


# The first `limit` due follow-ups of each section (overdue: due before today; this week: from today
# to Sunday) and both sections' exact sizes in one statement. Each section is its own LIMITed index
# scan of the partial index on (responsible, due_on) of open rows, so the planner knows it joins at
# most 2 × `limit` rows to placement, employer, candidate and profile (a window's row_number over
# the user's due rows was estimated at all of them: a hash join over every follow-up, 35 ms); the
# counts are one index-only aggregate. Written as SQL: built by the ORM, the aggregate and the two
# lists were three statements at ~1 ms CPU each to compile (issue 16). The columns after the
# section and the two counts are `_ROW_VALUES`' (for `label_follow_ups`).
_DUE_SQL = """
SELECT f.overdue, counts.overdue, counts.this_week, f.title, f.due_on, f.placement_id, p.office_id,
       e.name, c.first_name, c.last_name, c.erased_at, cp.code
FROM (
    (SELECT true AS overdue, id, title, due_on, placement_id FROM placements_followup
     WHERE responsible_id = %(user)s AND status = %(planned)s AND due_on < %(today)s
     ORDER BY due_on, id LIMIT %(limit)s)
    UNION ALL
    (SELECT false, id, title, due_on, placement_id FROM placements_followup
     WHERE responsible_id = %(user)s AND status = %(planned)s
       AND due_on >= %(today)s AND due_on <= %(week_end)s
     ORDER BY due_on, id LIMIT %(limit)s)
) AS f
CROSS JOIN (
    SELECT count(*) FILTER (WHERE due_on < %(today)s) AS overdue,
           count(*) FILTER (WHERE due_on >= %(today)s) AS this_week
    FROM placements_followup
    WHERE responsible_id = %(user)s AND status = %(planned)s AND due_on <= %(week_end)s
) AS counts
JOIN placements_placement AS p ON p.id = f.placement_id
JOIN employers_employer AS e ON e.id = p.employer_id
JOIN candidates_candidate AS c ON c.id = p.candidate_id
LEFT JOIN candidates_candidateprofile AS cp ON cp.candidate_id = c.id
ORDER BY f.overdue DESC, f.due_on, f.id
"""


def my_follow_ups(*, user, today: date, limit: int = MINE_LIMIT) -> dict:
    """The user's open follow-ups of live placements: overdue, and due this week (to Sunday) — the
    first `limit` of each, with the exact counts, in one query whatever the user's load (`_DUE_SQL`;
    `responsible` is set only on follow-ups of live placements, so drafts need no join)."""
    params = {
        "today": today,
        "week_end": week_end_of(today),
        "user": user.pk,
        "planned": FollowUp.Status.PLANNED.value,
        "limit": limit,
    }
    with connection.cursor() as cursor:
        cursor.execute(_DUE_SQL, params)
        found = cursor.fetchall()
    # No row: neither section has a follow-up, both counts are 0.
    overdue_count, week_count = found[0][1:3] if found else (0, 0)
    sections = {True: [], False: []}
    for row in found:
        sections[row[0]].append(row[3:])
    return {
        "overdue": label_follow_ups(user=user, today=today, rows=sections[True]),
        "this_week": label_follow_ups(user=user, today=today, rows=sections[False]),
        "overdue_count": overdue_count,
        "week_count": week_count,
        "week_end": week_end_of(today),
        "limit": limit,
    }


def _open_placements(user):
    return Placement.objects.filter(Q(counsellor=user) | Q(adviser=user), status__in=Placement.OPEN_STATUSES)


@dataclass(frozen=True, slots=True)
class PlacementRow:
    """A row of «Mine tiltak» (read as values, like `FollowUpRow`)."""

    pk: int
    status: str
    measure: str
    planned_start: date | None
    planned_end: date | None
    employer_name: str


_PLACEMENT_ORDER = ("planned_start", "pk")
_PLACEMENT_VALUES = ("pk", "status", "measure", "planned_start", "planned_end", "employer__name")


def placement_rows(values) -> list[PlacementRow]:
    return [PlacementRow(*row) for row in values]


# The first `limit` open placements by start, picked before the employer is joined (joined first,
# all of a busy counsellor's 800 placements met the employer table before the sort: 12 ms, now
# 6 ms), with their exact number as an uncorrelated scalar subquery that PostgreSQL runs once (an
# InitPlan). SQL for the reason `_DUE_SQL` is; the rows are `_PLACEMENT_VALUES`, then the number.
_OPEN_PLACEMENTS_SQL = """
SELECT p.id, p.status, p.measure, p.planned_start, p.planned_end, e.name, (
    SELECT count(*) FROM placements_placement
    WHERE (counsellor_id = %(user)s OR adviser_id = %(user)s) AND status = ANY(%(open)s)
)
FROM (
    SELECT id FROM placements_placement
    WHERE (counsellor_id = %(user)s OR adviser_id = %(user)s) AND status = ANY(%(open)s)
    ORDER BY planned_start, id
    LIMIT %(limit)s
) AS first
JOIN placements_placement AS p ON p.id = first.id
JOIN employers_employer AS e ON e.id = p.employer_id
ORDER BY p.planned_start, p.id
"""


def my_placements(*, user, limit: int = MINE_LIMIT) -> dict:
    """The user's open placements, the first `limit` by start, and how many there are (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(
            _OPEN_PLACEMENTS_SQL, {"user": user.pk, "open": list(Placement.OPEN_STATUSES), "limit": limit}
        )
        found = cursor.fetchall()
    return {
        "placements": placement_rows(row[:-1] for row in found),
        "placements_count": found[0][-1] if found else 0,
    }


def my_section(*, user, today: date, section: str):
    """One section of «Mine oppfølginger» in full as values (ordered, for a paginator): "forfalt",
    "uke" (follow-ups: rows by `label_follow_ups`) or "tiltak" (open placements: `placement_rows`)."""
    if section == "tiltak":
        return _open_placements(user).order_by(*_PLACEMENT_ORDER).values_list(*_PLACEMENT_VALUES)
    when = Q(due_on__lt=today) if section == "forfalt" else Q(due_on__gte=today)
    return _follow_up_rows(_due_follow_ups(user, today).filter(when)).values_list(*_ROW_VALUES)


def unowned_placements(*, user):
    """Open placements of the user's led offices that have no responsible counsellor."""
    return (
        Placement.objects.filter(
            office_id__in=office_ids(user, Role.LEDER),
            counsellor__isnull=True,
            status__in=Placement.OPEN_STATUSES,
        )
        .select_related("employer", "candidate__profile", "office")
        .order_by("planned_start", "pk")
    )
