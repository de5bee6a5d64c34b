"""Reads of the placements app: one placement, «Mine oppfølginger», unowned placements."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q

from accounts.access import office_ids, visible
from accounts.models import Role
from core.selectors import audit_history

from .models import FollowUp, Placement
from .rules import sees_identity


def _base():
    return Placement.objects.select_related(
        "candidate",
        "candidate__profile",
        "employer",
        "need",
        "project",
        "counsellor",
        "adviser",
        "employer_contact",
        "mentor",
        "office",
    )


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


LIVE = ("klar", "aktiv", "avsluttet")
MINE_LIMIT = 50  # rows per section on «Mine oppfølginger»; the headings show the exact counts


def _responsible_q(user) -> Q:
    """The user's follow-ups, by the ids of their live placements (one indexed read on the
    placement's counsellor/adviser), so the follow-ups are read through their placement index
    instead of a join with an OR over two placement columns."""
    as_counsellor, as_adviser = [], []
    for pk, counsellor_id, adviser_id in Placement.objects.filter(
        Q(counsellor=user) | Q(adviser=user), status__in=LIVE
    ).values_list("pk", "counsellor_id", "adviser_id"):
        if counsellor_id == user.pk:
            as_counsellor.append(pk)
        if adviser_id == user.pk:
            as_adviser.append(pk)
    return Q(party=FollowUp.Party.COUNSELLOR, placement_id__in=as_counsellor) | Q(
        party=FollowUp.Party.ADVISER, placement_id__in=as_adviser
    )


def my_follow_ups(*, user, today: date, limit: int = MINE_LIMIT) -> dict:
    """The user's open follow-ups: overdue, and due this week (to Sunday) — the first `limit` of
    each, with the exact counts."""
    week_end = today + timedelta(days=6 - today.weekday())
    qs = FollowUp.objects.filter(_responsible_q(user), status=FollowUp.Status.PLANNED, due_on__lte=week_end)
    counts = qs.aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)), this_week=Count("pk", filter=Q(due_on__gte=today))
    )
    rows = qs.select_related(
        "placement", "placement__employer", "placement__candidate", "placement__candidate__profile"
    ).order_by("due_on", "pk")
    overdue = list(rows.filter(due_on__lt=today)[:limit]) if counts["overdue"] else []
    this_week = list(rows.filter(due_on__gte=today)[:limit]) if counts["this_week"] else []
    own_offices = office_ids(user)
    for f in overdue + this_week:
        p = f.placement
        f.candidate_label = (
            p.candidate.full_name
            if p.office_id in own_offices and p.candidate.erased_at is None
            else getattr(getattr(p.candidate, "profile", None), "code", "")
        )
        f.days_overdue = (today - f.due_on).days
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
    rows = list(
        Placement.objects.filter(Q(counsellor=user) | Q(adviser=user), status__in=Placement.OPEN_STATUSES)
        .select_related("employer", "candidate", "candidate__profile")
        .order_by("planned_start", "pk")[: limit + 1]
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
