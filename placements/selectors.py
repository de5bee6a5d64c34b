"""Reads of the placements app: one placement, «Mine oppfølginger», unowned placements."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Func, IntegerField, Q, Subquery

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


def _total(qs) -> Subquery:
    """How many rows `qs` has, as a scalar subquery beside a list's first rows: PostgreSQL runs an
    uncorrelated one once (an InitPlan), so the exact count costs no query of its own (issue 16)."""
    count = qs.order_by().annotate(total=Func(F("pk"), function="COUNT")).values("total")
    return Subquery(count, output_field=IntegerField())


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


def my_follow_ups(*, user, today: date, limit: int = MINE_LIMIT) -> dict:
    """The user's open follow-ups of live placements: overdue, and due this week (to Sunday) — the
    first `limit` of each, with the exact counts. Three queries whatever the user's load, each
    starting from the partial index on (responsible, due_on) of open follow-ups. (One aggregate for
    both counts costs less CPU than a `_total` beside each list: one compile instead of two.)"""
    qs = _due_follow_ups(user, today)
    counts = qs.aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)), this_week=Count("pk", filter=Q(due_on__gte=today))
    )
    rows = _follow_up_rows(qs).values_list(*_ROW_VALUES)
    overdue = rows.filter(due_on__lt=today)[:limit] if counts["overdue"] else []
    this_week = rows.filter(due_on__gte=today)[:limit] if counts["this_week"] else []
    return {
        "overdue": label_follow_ups(user=user, today=today, rows=overdue),
        "this_week": label_follow_ups(user=user, today=today, rows=this_week),
        "overdue_count": counts["overdue"],
        "week_count": counts["this_week"],
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


def my_placements(*, user, limit: int = MINE_LIMIT) -> dict:
    """The user's open placements, the first `limit` by start, and how many there are."""
    # The first ones are picked in a subquery before the employer is joined: joined first, all of a
    # busy counsellor's 800 placements met the employer table before the sort (12 ms, now 6 ms).
    first = _open_placements(user).order_by(*_PLACEMENT_ORDER).values("pk")[:limit]
    found = list(
        Placement.objects.filter(pk__in=first)
        .order_by(*_PLACEMENT_ORDER)
        .annotate(total=_total(_open_placements(user)))
        .values_list(*_PLACEMENT_VALUES, "total")
    )
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
