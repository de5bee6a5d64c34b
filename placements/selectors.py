"""Reads of the placements app: one placement, «Mine oppfølginger», unowned placements."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Q

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
MINE_LIMIT = 50  # rows per section on «Mine oppfølginger»; the headings show the exact counts


# What a row of «Mine oppfølginger» shows; `.only()` keeps the wide placement and candidate rows
# (agreement texts, start-up notes, personal data) out of a list that needs a name and a link.
# What a follow-up row shows, and what decides whether the candidate is named (the office and
# erasure) or shown by the profile's code.
_MINE_RELATED = {
    "office_id": F("placement__office_id"),
    "employer_name": F("placement__employer__name"),
    "first_name": F("placement__candidate__first_name"),
    "last_name": F("placement__candidate__last_name"),
    "erased_at": F("placement__candidate__erased_at"),
    "code": F("placement__candidate__profile__code"),
}


def my_follow_ups(*, user, today: date, limit: int = MINE_LIMIT) -> dict:
    """The user's open follow-ups of live placements: overdue, and due this week (to Sunday) — the
    first `limit` of each, with the exact counts. At most two queries whatever the user's load (the
    counts; both lists), each part starting from the partial index on (responsible, due_on) of
    open follow-ups. The rows are the shown values only (dicts): four joined model instances a
    row were half the home page's follow-up cost (issue 16)."""
    week_end = today + timedelta(days=6 - today.weekday())
    # `responsible` is set only on follow-ups of live placements, so no join is needed to leave
    # out drafts: the counts are an index-only scan.
    qs = FollowUp.objects.filter(responsible=user, status=FollowUp.Status.PLANNED, due_on__lte=week_end)
    counts = qs.aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)), this_week=Count("pk", filter=Q(due_on__gte=today))
    )
    found = []
    if counts["overdue"] or counts["this_week"]:
        rows = qs.order_by("due_on", "pk").values("pk", "placement_id", "title", "due_on", **_MINE_RELATED)
        parts = [
            rows.filter(when)[:limit]
            for when, count in (
                (Q(due_on__lt=today), counts["overdue"]),
                (Q(due_on__gte=today), counts["this_week"]),
            )
            if count
        ]
        # Both lists in one round trip when both have rows (a UNION ALL of the two LIMITs).
        found = list(
            parts[0].union(parts[1], all=True).order_by("due_on", "pk") if len(parts) == 2 else parts[0]
        )
    overdue = [f for f in found if f["due_on"] < today]
    this_week = [f for f in found if f["due_on"] >= today]
    own_offices = office_ids(user)
    for f in found:
        f["candidate_label"] = (
            f"{f['first_name']} {f['last_name']}".strip()
            if f["office_id"] in own_offices and f["erased_at"] is None
            else f["code"] or ""
        )
        f["days_overdue"] = (today - f["due_on"]).days
    return {
        "overdue": overdue,
        "this_week": this_week,
        "overdue_count": counts["overdue"],
        "week_count": counts["this_week"],
        "week_end": week_end,
        "limit": limit,
    }


def my_placements(*, user, limit: int = MINE_LIMIT) -> dict:
    """The user's open placements, the first `limit` by start (one more is read to tell if there are more)."""
    # The first ones are picked in a subquery before the employer is joined: joined first, all of a
    # busy counsellor's 800 placements met the employer table before the sort (12 ms, now 6 ms).
    order = ("planned_start", "pk")
    first = (
        Placement.objects.filter(Q(counsellor=user) | Q(adviser=user), status__in=Placement.OPEN_STATUSES)
        .order_by(*order)
        .values("pk")[: limit + 1]
    )
    rows = list(
        Placement.objects.filter(pk__in=first)
        .select_related("employer")
        .only("status", "measure", "planned_start", "planned_end", "employer__name")
        .order_by(*order)
    )
    return {"placements": rows[:limit], "more_placements": len(rows) > limit}


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
