"""Writes of the placements app: the agreement, its lifecycle, its follow-up and the reminders.

Other apps create a placement with `placement_create_draft` (job fairs on an employer's offer,
matching on a «want to meet»); everything after that happens here.
"""

import uuid
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Membership, Role, User
from core.audit import audit_record, model_create, model_update
from core.models import AuditEntry
from core.services import email_send, notification_create
from core.transitions import StateMachine, TransitionError, transition

from . import plans
from .models import (
    FollowUp,
    MeetingRecord,
    Placement,
    PlacementEvent,
    ProblemReport,
    Reminder,
    Rotation,
)
from .vocab import WAGE_SUBSIDY_MEASURES, CancelReason, Measure, Outcome, PlanKind

S = Placement.Status

# The fields a form (or a caller) may set on a placement; status and its companions change only
# through the state machine below.
PLACEMENT_FIELDS = (
    "need",
    "project",
    "source_label",
    "measure",
    "planned_start",
    "planned_end",
    "extent_percent",
    "tasks",
    "goal",
    "learning_goals",
    "facilitation_agreed",
    "counsellor",
    "adviser",
    "employer_contact",
    "wage_subsidy_percent",
    "mentor",
    "mentor_hours_per_week",
    "mentor_start",
    "mentor_end",
    "mentor_extension_reason",
    "plan_notes",
)

MENTOR_SHORT_MONTHS = 6
MENTOR_MAX_YEARS = 3
WAGE_SUBSIDY_MAX_PERCENT = 50
WAGE_SUBSIDY_MAX_MONTHS = 12
RETENTION_MONTHS = (6, 12, 24)


# --- Validation: the subsidy limits ----------------------------------------------------------------


def check_limits(placement: Placement) -> None:
    """The rules of the measures (domain.md §5), as Norwegian messages on the fields they concern."""
    errors: dict[str, list[str]] = {}
    start, end = placement.planned_start, placement.planned_end
    if start and end and end < start:
        errors.setdefault("planned_end", []).append(_("Sluttdatoen kan ikke være før startdatoen."))
    if placement.measure in WAGE_SUBSIDY_MEASURES:
        percent = placement.wage_subsidy_percent
        if percent is not None and percent > WAGE_SUBSIDY_MAX_PERCENT:
            errors.setdefault("wage_subsidy_percent", []).append(
                _("Lønnstilskuddet kan være høyst %(max)s %%.") % {"max": WAGE_SUBSIDY_MAX_PERCENT}
            )
        if (
            placement.measure == Measure.MIDLERTIDIG_LONNSTILSKUDD
            and start
            and end
            and end > plans.add_months(start, WAGE_SUBSIDY_MAX_MONTHS)
        ):
            errors.setdefault("planned_end", []).append(
                _(
                    "Midlertidig lønnstilskudd kan vare høyst %(months)s måneder. Velg varig lønnstilskudd om det trengs lenger."
                )
                % {"months": WAGE_SUBSIDY_MAX_MONTHS}
            )
    elif placement.wage_subsidy_percent is not None:
        errors.setdefault("wage_subsidy_percent", []).append(
            _("Lønnstilskudd kan bare settes når tiltaket er lønnstilskudd.")
        )
    if placement.measure == Measure.MENTOR:
        if placement.mentor_id is None:
            errors.setdefault("mentor", []).append(_("Velg mentoren (kontaktperson hos arbeidsgiveren)."))
        if placement.mentor_hours_per_week is not None and placement.mentor_hours_per_week <= 0:
            errors.setdefault("mentor_hours_per_week", []).append(_("Oppgi timer per uke (mer enn 0)."))
    m_start = placement.mentor_start or (start if placement.measure == Measure.MENTOR else None)
    m_end = placement.mentor_end or (end if placement.measure == Measure.MENTOR else None)
    if m_start and m_end:
        if m_end < m_start:
            errors.setdefault("mentor_end", []).append(_("Mentortilskuddet kan ikke slutte før det starter."))
        elif m_end > plans.add_months(m_start, MENTOR_MAX_YEARS * 12):
            errors.setdefault("mentor_end", []).append(
                _("Mentortilskudd kan gis i høyst %(years)s år.") % {"years": MENTOR_MAX_YEARS}
            )
        elif (
            m_end > plans.add_months(m_start, MENTOR_SHORT_MONTHS)
            and not placement.mentor_extension_reason.strip()
        ):
            errors.setdefault("mentor_extension_reason", []).append(
                _("Mentortilskudd ut over %(months)s måneder krever en begrunnelse.")
                % {"months": MENTOR_SHORT_MONTHS}
            )
    if errors:
        raise ValidationError(errors)


# --- Who is responsible for a follow-up ------------------------------------------------------------


def responsible_id_for(placement: Placement, party: str) -> int | None:
    """Who a follow-up of this placement waits on: nobody while it is a draft."""
    if placement.status not in Placement.LIVE_STATUSES:
        return None
    return placement.adviser_id if party == FollowUp.Party.ADVISER else placement.counsellor_id


def _set_responsible(follow_up: FollowUp) -> None:
    # Read under the placement's row lock (model_update's transaction): a hand-over or a status
    # change at the same moment locks the row too, so it cannot slip in between.
    placement = (
        Placement.objects.select_for_update()
        .only("status", "counsellor_id", "adviser_id")
        .get(pk=follow_up.placement_id)
    )
    follow_up.responsible_id = responsible_id_for(placement, follow_up.party)


def follow_ups_sync_responsible(*, placement_ids: list[int] | None = None) -> int:
    """Give the open follow-ups of these placements (all when None) the person their placement now
    names for their party (`responsible_id_for`, in SQL): what moves them with a hand-over or a
    status change. Done follow-ups keep who was responsible then."""
    person = (
        "(CASE WHEN p.status NOT IN %(live)s THEN NULL "
        "WHEN f.party = 'radgiver' THEN p.adviser_id ELSE p.counsellor_id END)"
    )
    where = "AND p.id = ANY(%(ids)s)" if placement_ids is not None else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE placements_followup f SET responsible_id = {person} "  # noqa: S608 — constant SQL
            "FROM placements_placement p WHERE p.id = f.placement_id AND f.status = 'planlagt' "
            f"AND f.responsible_id IS DISTINCT FROM {person} {where}",
            {"ids": list(placement_ids or []), "live": Placement.LIVE_STATUSES},
        )
        return cursor.rowcount


# --- Creating ---------------------------------------------------------------------------------------


@transaction.atomic
def placement_create_draft(
    *,
    candidate,
    employer,
    need=None,
    project=None,
    source_label: str = "",
    by: User | None,
    **details: Any,
) -> Placement:
    """A draft placement for `candidate` at `employer` (from a job-fair offer, a match or by hand).

    The counsellor is the candidate's, the employer's NAV contact is the employer's primary contact,
    and the follow-up plan starts as the project's method (changed and agreed later). `details` are
    further PLACEMENT_FIELDS (measure, planned_start, …).
    """
    unknown = set(details) - set(PLACEMENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown placement fields: {sorted(unknown)}")
    placement = Placement(
        candidate=candidate,
        office_id=candidate.office_id,
        employer=employer,
        created_by=by if by is not None and by.is_authenticated else None,
        plan_kind=plans.default_plan_kind(project),
    )
    data = {
        "need": need,
        "project": project,
        "source_label": source_label[:200],
        "counsellor": candidate.counsellor,
        "employer_contact": employer.primary_contact,
        "tasks": need.tasks if need is not None else "",
        **details,
    }
    model_update(placement, data=data, fields=PLACEMENT_FIELDS, by=by, prepare=check_limits)
    PlacementEvent.objects.create(
        placement=placement,
        kind=PlacementEvent.Kind.STATUS,
        to_status=S.DRAFT,
        note=placement.source_label,
        by=by,
    )
    return placement


@transaction.atomic
def placement_update(*, placement: Placement, by: User, **changes: Any) -> Placement:
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if not placement.is_open:
        raise ValidationError(_("Et avsluttet eller annullert tiltak kan ikke endres."))
    changed = model_update(placement, data=changes, fields=PLACEMENT_FIELDS, by=by, prepare=check_limits)
    if {"counsellor", "adviser"} & set(changed):
        follow_ups_sync_responsible(placement_ids=[placement.pk])
    return placement


@transaction.atomic
def mentor_placements_create(
    *, candidates, employer, mentor, by: User, project=None, need=None, source_label: str = "", **details: Any
) -> list[Placement]:
    """One mentor with several candidates at once (L4169–4174): one placement per person with the
    same mentor, hours and dates, tied together by a mentor group."""
    candidates = list(dict.fromkeys(candidates))  # one placement per person, even if named twice
    if not candidates:
        raise ValidationError({"candidates": _("Velg minst én kandidat.")})
    if mentor is None or mentor.employer_id != employer.pk:
        # The mentor is the employer's own contact person (domain.md §5), never someone elsewhere.
        raise ValidationError({"mentor": _("Mentoren må være en kontaktperson hos arbeidsgiveren.")})
    group = uuid.uuid4()
    created = []
    for candidate in candidates:
        placement = placement_create_draft(
            candidate=candidate,
            employer=employer,
            need=need,
            project=project,
            source_label=source_label,
            by=by,
            measure=Measure.MENTOR,
            mentor=mentor,
            **details,
        )
        placement.mentor_group = group
        placement.save(update_fields=["mentor_group", "updated_at"])
        created.append(placement)
    return created


# --- The lifecycle ------------------------------------------------------------------------------------


def _history(placement, source, target, by, note: str = "") -> None:
    # Every status change passes here: a placement becoming live (or a draft again) changes who its
    # open follow-ups wait on.
    follow_ups_sync_responsible(placement_ids=[placement.pk])
    PlacementEvent.objects.create(
        placement=placement,
        kind=PlacementEvent.Kind.STATUS,
        from_status=source,
        to_status=target,
        by=by,
        note=note,
    )


def _guard(placement: Placement, to: str) -> None:
    if to == S.READY:
        missing = []
        if placement.plan_agreed_on is None:
            missing.append(_("en avtalt oppfølgingsplan"))
        if placement.startup_scheduled_at is None:
            missing.append(_("et avtalt oppstartsmøte"))
        if placement.planned_start is None or placement.planned_end is None:
            missing.append(_("planlagt start og slutt"))
        if missing:
            raise TransitionError(
                _("Tiltaket kan ikke bli klart for oppstart uten %(missing)s.")
                % {"missing": ", ".join(missing)},
                code="not_ready",
            )
        check_limits(placement)
    if to == S.ACTIVE and placement.startup_held_on is None:
        raise TransitionError(_("Tiltaket kan ikke starte før oppstartsmøtet er holdt."), code="no_startup")


PLACEMENT_MACHINE = StateMachine(
    model=Placement,
    transitions={
        S.DRAFT: {S.READY, S.CANCELLED},
        S.READY: {S.DRAFT, S.ACTIVE, S.CANCELLED},
        S.ACTIVE: {S.ENDED, S.CANCELLED},
    },
    history=_history,
    error=_("Tiltaket kan ikke gå fra «%(from)s» til «%(to)s»."),
    guard=_guard,
)


def follow_up_plan_apply(
    *, placement: Placement, kind: str, by: User, notes: str | None = None
) -> list[FollowUp]:
    """Make (or remake) the placement's follow-ups from a plan template. Follow-ups from an earlier
    plan that are still only planned are replaced; done ones and those added by hand stay."""
    with transaction.atomic():
        placement = Placement.objects.select_for_update().get(pk=placement.pk)
        if not placement.is_open:
            raise ValidationError(_("Et avsluttet eller annullert tiltak kan ikke få ny plan."))
        if placement.planned_start is None:
            raise ValidationError(
                {"planned_start": _("Sett planlagt startdato før oppfølgingsplanen lages.")}
            )
        templates = list(placement.project.follow_up_templates.all()) if placement.project_id else []
        if kind == PlanKind.PROJECT and not templates:
            raise ValidationError({"kind": _("Prosjektet har ingen egen oppfølgingsmal.")})
        steps = plans.plan_steps(
            kind, start=placement.planned_start, end=placement.planned_end, templates=templates
        )
        FollowUp.objects.filter(placement=placement, from_plan=True, status=FollowUp.Status.PLANNED).delete()
        rows = FollowUp.objects.bulk_create(
            FollowUp(
                placement=placement,
                kind=s.kind,
                title=s.title[:150],
                due_on=s.due_on,
                party=s.party,
                responsible_id=responsible_id_for(placement, s.party),
                from_plan=True,
            )
            for s in steps
        )
        data = {"plan_kind": kind}
        if notes is not None:
            data["plan_notes"] = notes
        model_update(placement, data=data, fields=("plan_kind", "plan_notes"), by=by)
        PlacementEvent.objects.create(
            placement=placement,
            kind=PlacementEvent.Kind.PLAN,
            note=_("Plan «%(plan)s» med %(n)s oppfølginger") % {"plan": PlanKind(kind).label, "n": len(rows)},
            by=by,
        )
    return rows


@transaction.atomic
def follow_up_plan_agree(*, placement: Placement, by: User, on: date | None = None) -> Placement:
    """Record that the plan's content and frequency are agreed with candidate and employer."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if not placement.follow_ups.filter(status=FollowUp.Status.PLANNED).exists():
        raise ValidationError(_("Oppfølgingsplanen har ingen oppfølginger ennå. Lag planen først."))
    model_update(
        placement,
        data={"plan_agreed_on": on or timezone.localdate(), "plan_agreed_by": by},
        fields=("plan_agreed_on", "plan_agreed_by"),
        by=by,
    )
    return placement


@transaction.atomic
def placement_schedule_startup(*, placement: Placement, at: datetime, by: User) -> Placement:
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    model_update(placement, data={"startup_scheduled_at": at}, fields=("startup_scheduled_at",), by=by)
    return placement


def placement_mark_ready(*, placement: Placement, by: User, note: str = "") -> Placement:
    return transition(PLACEMENT_MACHINE, instance=placement, to=S.READY, by=by, note=note)


STARTUP_FIELDS = (
    "startup_goal",
    "startup_training",
    "startup_support",
    "startup_reception",
    "startup_mentor",
)


def placement_start(
    *,
    placement: Placement,
    by: User,
    held_on: date,
    goal: str,
    training: str,
    support: str,
    reception: str,
    mentor: str = "",
    attendees: str = "",
) -> Placement:
    """The start-up meeting is held (goal, training, support, reception and mentor recorded), and the
    placement starts."""
    values = dict(zip(STARTUP_FIELDS, (goal, training, support, reception, mentor), strict=True))
    required = {
        "startup_goal": goal,
        "startup_training": training,
        "startup_support": support,
        "startup_reception": reception,
    }
    errors = {
        name: _("Fyll ut dette feltet fra oppstartsmøtet.")
        for name, value in required.items()
        if not value.strip()
    }
    if errors:
        raise ValidationError(errors)

    def apply(locked, source):
        locked.startup_held_on = held_on
        locked.started_on = held_on
        for name, value in values.items():
            setattr(locked, name, value)
        return ["startup_held_on", "started_on", *STARTUP_FIELDS]

    with transaction.atomic():
        if placement.startup_held_on is None:
            # The guard sees the locked row: set the meeting date on it first, in this transaction.
            Placement.objects.filter(pk=placement.pk, status=S.READY).update(startup_held_on=held_on)
        placement = transition(PLACEMENT_MACHINE, instance=placement, to=S.ACTIVE, by=by, apply=apply)
        if attendees:
            MeetingRecord.objects.create(
                placement=placement, held_on=held_on, attendees=attendees[:300], notes=goal, recorded_by=by
            )
    return placement


def placement_end(
    *,
    placement: Placement,
    by: User,
    ended_on: date,
    outcome: str,
    employment: str = "",
    working_time: str = "",
    note: str = "",
) -> Placement:
    """End with an outcome; the retention checks at 6, 12 and 24 months become follow-ups."""
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Velg et resultat.")})
    if outcome == Outcome.ENDED_EARLY and not note.strip():
        raise ValidationError({"note": _("Oppgi årsaken til at tiltaket ble avsluttet før tiden.")})
    if outcome in (Outcome.ORDINARY_WORK,) and not (employment and working_time):
        raise ValidationError(
            {"employment": _("Oppgi om arbeidet er fast eller midlertidig, og heltid eller deltid.")}
        )

    def apply(locked, source):
        if locked.started_on and ended_on < locked.started_on:
            raise ValidationError({"ended_on": _("Sluttdatoen kan ikke være før tiltaket startet.")})
        locked.ended_on = ended_on
        locked.outcome = outcome
        locked.outcome_employment = employment
        locked.outcome_working_time = working_time
        locked.outcome_note = note
        return ["ended_on", "outcome", "outcome_employment", "outcome_working_time", "outcome_note"]

    with transaction.atomic():
        placement = transition(PLACEMENT_MACHINE, instance=placement, to=S.ENDED, by=by, apply=apply)
        _close_open_follow_ups(placement, until=None)
        retention_checks_create(placement=placement, by=by)
    return placement


def retention_checks_create(*, placement: Placement, by: User | None) -> list[FollowUp]:
    """The follow-ups «is the person still in work?» 6, 12 and 24 months after the end."""
    rows = [
        FollowUp(
            placement=placement,
            kind=FollowUp.Kind.RETENTION,
            title=_("Varighetssjekk etter %(n)s måneder") % {"n": months},
            due_on=plans.add_months(placement.ended_on, months),
            retention_months=months,
            responsible_id=responsible_id_for(placement, FollowUp.Party.COUNSELLOR),
        )
        for months in RETENTION_MONTHS
    ]
    created = FollowUp.objects.bulk_create(rows, ignore_conflicts=True)
    audit_record(
        by=by,
        instance=placement,
        action=AuditEntry.Action.UPDATE,
        changes=[{"field": "retention_checks", "old": None, "new": [str(r.due_on) for r in rows]}],
    )
    return created


def _close_open_follow_ups(placement: Placement, *, until: date | None) -> int:
    """Planned follow-ups that no longer apply (all of them, or those after `until`) become «utgått»."""
    qs = placement.follow_ups.filter(status=FollowUp.Status.PLANNED).exclude(kind=FollowUp.Kind.RETENTION)
    if until is not None:
        qs = qs.filter(due_on__gt=until)
    return qs.update(status=FollowUp.Status.SKIPPED, updated_at=timezone.now())


def placement_cancel(*, placement: Placement, by: User, reason: str, note: str = "") -> Placement:
    if reason not in CancelReason.values:
        raise ValidationError({"reason": _("Velg en årsak.")})

    def apply(locked, source):
        locked.cancel_reason = reason
        locked.cancel_note = note
        return ["cancel_reason", "cancel_note"]

    with transaction.atomic():
        placement = transition(
            PLACEMENT_MACHINE, instance=placement, to=S.CANCELLED, by=by, apply=apply, note=note
        )
        _close_open_follow_ups(placement, until=None)
    return placement


@transaction.atomic
def placement_change_end(*, placement: Placement, by: User, new_end: date, reason: str) -> Placement:
    """Extend or shorten (forleng / forkort) with a reason; follow-ups after a shortened end lapse."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.status not in (S.READY, S.ACTIVE):
        raise ValidationError(
            _("Bare et tiltak som er klart eller gjennomføres kan forlenges eller forkortes.")
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Oppgi årsaken til endringen.")})
    old_end = placement.planned_end
    if old_end == new_end:
        raise ValidationError({"new_end": _("Den nye sluttdatoen er den samme som før.")})
    data = {"planned_end": new_end}
    if placement.measure == Measure.MENTOR and placement.mentor_end == old_end:
        data["mentor_end"] = new_end
    model_update(placement, data=data, fields=("planned_end", "mentor_end"), by=by, prepare=check_limits)
    kind = (
        PlacementEvent.Kind.EXTENDED
        if old_end is None or new_end > old_end
        else PlacementEvent.Kind.SHORTENED
    )
    PlacementEvent.objects.create(
        placement=placement, kind=kind, old_date=old_end, new_date=new_end, note=reason, by=by
    )
    if kind == PlacementEvent.Kind.SHORTENED:
        _close_open_follow_ups(placement, until=new_end)
    return placement


# --- Hand-over ------------------------------------------------------------------------------------


@transaction.atomic
def placement_handover(
    *, placement: Placement, to: User | None, by: User | None, note: str = ""
) -> Placement:
    """Give the placement (and with it its open follow-ups) a new responsible counsellor, or none:
    an unowned placement shows on its office leader's list until someone takes it."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if (
        to is not None
        and not Membership.objects.filter(
            user=to, unit_id=placement.office_id, role=Role.VEILEDER, user__is_active=True
        ).exists()
    ):
        raise ValidationError({"to": _("Den nye veilederen må være veileder ved kandidatens NAV-kontor.")})
    old = placement.counsellor
    model_update(placement, data={"counsellor": to}, fields=("counsellor",), by=by)
    follow_ups_sync_responsible(placement_ids=[placement.pk])
    PlacementEvent.objects.create(
        placement=placement,
        kind=PlacementEvent.Kind.HANDOVER,
        note=note or (_("Fra %(old)s til %(new)s") % {"old": old or "–", "new": to or _("ingen")}),
        by=by,
    )
    return placement


def placements_release_departed(*, today: date | None = None) -> int:
    """Placements whose counsellor has left (inactive) or no longer works at the placement's office
    lose their counsellor and show as unowned to the office's leaders, who get a notice."""
    open_qs = Placement.objects.filter(status__in=Placement.OPEN_STATUSES, counsellor__isnull=False)
    still_there = Membership.objects.filter(
        user_id=OuterRef("counsellor_id"), unit_id=OuterRef("office_id"), role=Role.VEILEDER
    )
    orphaned = list(
        open_qs.exclude(Exists(still_there.filter(user__is_active=True))).values_list("pk", "office_id")
    )
    offices: dict[int, int] = {}
    for pk, office_id in orphaned:
        with transaction.atomic():
            placement_handover(
                placement=Placement(pk=pk),
                to=None,
                by=None,
                note=_("Veilederen har sluttet eller byttet kontor."),
            )
        offices[office_id] = offices.get(office_id, 0) + 1
    day = today or timezone.localdate()
    for office_id, count in offices.items():
        for leader in _leaders(office_id):
            notification_create(
                user=leader,
                title=ngettext(
                    "%(n)s tiltak mangler ansvarlig veileder",
                    "%(n)s tiltak mangler ansvarlig veileder",
                    count,
                )
                % {"n": count},
                url=reverse("placements:unowned"),
                dedupe_key=f"placements-unowned:{office_id}:{day}",
            )
    return len(orphaned)


def _leaders(office_id: int) -> list[User]:
    return list(
        User.objects.filter(
            memberships__unit_id=office_id, memberships__role=Role.LEDER, is_active=True
        ).distinct()
    )


# --- Follow-ups, meetings, problems, rotations ----------------------------------------------------


FOLLOW_UP_FIELDS = ("kind", "title", "due_on", "party", "notes")


def follow_up_add(*, placement: Placement, by: User, title: str, due_on: date, **attrs: Any) -> FollowUp:
    if not placement.is_open and attrs.get("kind") != FollowUp.Kind.RETENTION:
        raise ValidationError(_("Et avsluttet eller annullert tiltak kan ikke få nye oppfølginger."))
    follow_up = FollowUp(placement=placement)
    model_update(
        follow_up,
        data={"title": title, "due_on": due_on, **attrs},
        fields=FOLLOW_UP_FIELDS,
        by=by,
        prepare=_set_responsible,
    )
    return follow_up


def follow_up_update(*, follow_up: FollowUp, by: User, **changes: Any) -> FollowUp:
    if follow_up.status != FollowUp.Status.PLANNED:
        raise ValidationError(_("Bare planlagte oppfølginger kan endres."))
    model_update(follow_up, data=changes, fields=FOLLOW_UP_FIELDS, by=by, prepare=_set_responsible)
    return follow_up


def follow_up_complete(
    *, follow_up: FollowUp, by: User, done_on: date, notes: str = "", retention_result: str = ""
) -> FollowUp:
    if follow_up.status != FollowUp.Status.PLANNED:
        raise ValidationError(_("Oppfølgingen er allerede registrert."))
    if follow_up.kind == FollowUp.Kind.RETENTION and not retention_result:
        raise ValidationError({"retention_result": _("Oppgi om personen er i arbeid.")})
    data = {"status": FollowUp.Status.DONE, "done_on": done_on, "retention_result": retention_result}
    if notes:
        data["notes"] = notes
    model_update(follow_up, data=data, fields=("status", "done_on", "retention_result", "notes"), by=by)
    return follow_up


@transaction.atomic
def meeting_record_create(
    *,
    placement: Placement,
    by: User,
    held_on: date,
    attendees: str,
    notes: str = "",
    next_step: str = "",
    next_step_on: date | None = None,
    follow_up: FollowUp | None = None,
) -> MeetingRecord:
    """A meeting with date, who attended, notes and next step; it completes the follow-up it
    answers, and a dated next step becomes the next follow-up."""
    record = MeetingRecord(
        placement=placement,
        follow_up=follow_up,
        held_on=held_on,
        attendees=attendees,
        notes=notes,
        next_step=next_step,
        next_step_on=next_step_on,
        recorded_by=by,
    )
    model_create(instance=record, by=by)
    if follow_up is not None and follow_up.status == FollowUp.Status.PLANNED:
        follow_up_complete(follow_up=follow_up, by=by, done_on=held_on)
    if next_step_on is not None and placement.is_open:
        follow_up_add(
            placement=placement, by=by, title=next_step or _("Neste oppfølging"), due_on=next_step_on
        )
    return record


def problem_report_create(
    *,
    placement: Placement,
    by: User,
    description: str,
    reported_at: datetime | None = None,
    reported_by_name: str = "",
) -> ProblemReport:
    problem = ProblemReport(
        placement=placement,
        description=description,
        reported_at=reported_at or timezone.now(),
        reported_by_name=reported_by_name,
        recorded_by=by,
    )
    model_create(instance=problem, by=by)
    for user in {placement.counsellor, placement.adviser} - {None, by}:
        notification_create(
            user=user,
            title=_("Arbeidsgiveren har meldt om et problem"),
            url=reverse("placements:detail", args=[placement.pk]),
            dedupe_key=f"placement-problem:{problem.pk}:{user.pk}",
        )
    return problem


def problem_respond(
    *, problem: ProblemReport, by: User, response: str, responded_at: datetime | None = None
) -> ProblemReport:
    if problem.responded_at is not None:
        raise ValidationError(_("NAV har allerede svart på dette."))
    model_update(
        problem,
        data={"response": response, "responded_at": responded_at or timezone.now(), "responded_by": by},
        fields=("response", "responded_at", "responded_by"),
        by=by,
    )
    return problem


@transaction.atomic
def rotation_add(
    *, placement: Placement, by: User, employer, start_on: date, end_on: date, mentor=None
) -> Rotation:
    """A JobbLoop segment (4 months at another employer, with its own mentor)."""
    Placement.objects.select_for_update().get(pk=placement.pk)
    if (placement.planned_start and start_on < placement.planned_start) or (
        placement.planned_end and end_on > placement.planned_end
    ):
        raise ValidationError({"start_on": _("Rulleringen må ligge innenfor tiltakets periode.")})
    if placement.rotations.filter(start_on__lte=end_on, end_on__gte=start_on).exists():
        raise ValidationError({"start_on": _("Rulleringen overlapper en annen rullering.")})
    position = placement.rotations.count() + 1
    rotation = Rotation(
        placement=placement,
        position=position,
        employer=employer,
        start_on=start_on,
        end_on=end_on,
        mentor=mentor,
    )
    model_create(instance=rotation, by=by)
    return rotation


# --- Reminders --------------------------------------------------------------------------------------

# A follow-up is announced this many days before it is due; overdue by more than this many days it
# is escalated to the office's leaders; a placement ending within this many days is announced.
REMIND_DAYS_BEFORE = 3
ESCALATE_AFTER_DAYS = 7
ENDING_WITHIN_DAYS = 14


# Set-based: one INSERT … SELECT per kind of reminder. A recipient is the follow-up's responsible
# person (the adviser for the adviser's steps, else the counsellor: the same column «Mine
# oppfølginger» reads, so a reminder never points to a list that does not show the row); when
# nobody is responsible, the leaders of the placement's office.
_RESPONSIBLE = "f.responsible_id"
_INSERT = (
    "INSERT INTO placements_reminder "
    "(placement_id, follow_up_id, step, due_on, recipient_id, kind, state, created_at, error) "
)
_ON_CONFLICT = " ON CONFLICT (placement_id, step, due_on, recipient_id) DO NOTHING"
_REMINDER_SQL = (
    # Follow-ups due soon or already due (and not done), to the responsible person.
    _INSERT
    + "SELECT p.id, f.id, 'oppfolging-' || f.id, f.due_on, "
    + _RESPONSIBLE
    + ", 'forfaller', 'planlagt', now(), '' "
    "FROM placements_followup f JOIN placements_placement p ON p.id = f.placement_id "
    "WHERE f.status = 'planlagt' AND f.due_on <= %(soon)s AND p.status IN ('klar', 'aktiv', 'avsluttet') "
    "AND " + _RESPONSIBLE + " IS NOT NULL" + _ON_CONFLICT,
    # … or to the office's leaders when nobody is responsible.
    _INSERT
    + "SELECT DISTINCT p.id, f.id, 'oppfolging-' || f.id, f.due_on, m.user_id, 'forfaller', 'planlagt', now(), '' "
    "FROM placements_followup f JOIN placements_placement p ON p.id = f.placement_id "
    "JOIN accounts_membership m ON m.unit_id = p.office_id AND m.role = 'leder' "
    "WHERE f.status = 'planlagt' AND f.due_on <= %(soon)s AND p.status IN ('klar', 'aktiv', 'avsluttet') "
    "AND " + _RESPONSIBLE + " IS NULL" + _ON_CONFLICT,
    # Overdue by more than a week: again to the responsible person, and to the office's leaders.
    _INSERT  # noqa: S608 — constant SQL, values are parameters
    + "SELECT DISTINCT p.id, f.id, 'forfalt-' || f.id, f.due_on, x.user_id, 'forfalt', 'planlagt', now(), '' "
    "FROM placements_followup f JOIN placements_placement p ON p.id = f.placement_id "
    "JOIN LATERAL (SELECT " + _RESPONSIBLE + " AS user_id UNION "
    "SELECT m.user_id FROM accounts_membership m WHERE m.unit_id = p.office_id AND m.role = 'leder') x "
    "ON x.user_id IS NOT NULL "
    "WHERE f.status = 'planlagt' AND f.due_on < %(overdue)s AND p.status IN ('klar', 'aktiv', 'avsluttet')"
    + _ON_CONFLICT,
    # Ending within two weeks: to the counsellor and the adviser.
    _INSERT
    + "SELECT DISTINCT p.id, NULL::bigint, 'slutt', p.planned_end, x.user_id, 'slutter', 'planlagt', now(), '' "
    "FROM placements_placement p "
    "JOIN LATERAL (SELECT p.counsellor_id AS user_id UNION SELECT p.adviser_id) x ON x.user_id IS NOT NULL "
    "WHERE p.status = 'aktiv' AND p.planned_end >= %(today)s AND p.planned_end <= %(ending)s" + _ON_CONFLICT,
)


def reminders_schedule(*, today: date) -> int:
    """Insert a reminder row for everything due by `today` (conflicts on the unique key are ignored,
    so a second run adds nothing and a late run catches up)."""
    params = {
        "today": today,
        "soon": today + timedelta(days=REMIND_DAYS_BEFORE),
        "overdue": today - timedelta(days=ESCALATE_AFTER_DAYS),
        "ending": today + timedelta(days=ENDING_WITHIN_DAYS),
    }
    inserted = 0
    with connection.cursor() as cursor:
        for statement in _REMINDER_SQL:
            cursor.execute(statement, params)
            inserted += cursor.rowcount
    return inserted


SEND_CHUNK = 100  # recipients per transaction: one locked read and one update per state per chunk


def _send_one(user: User, rows: list[Reminder], today: date, url: str) -> None:
    """One recipient's notification and e-mail summarising their reminders; the state for the rows."""
    counts = {kind: sum(1 for r in rows if r.kind == kind) for kind in Reminder.Kind.values}
    key = f"placement-reminders:{user.pk}:{rows[0].pk}"
    lines = [f"{Reminder.Kind(kind).label}: {n}" for kind, n in counts.items() if n]
    title = ngettext(
        "Du har %(n)s påminnelse om oppfølging", "Du har %(n)s påminnelser om oppfølging", len(rows)
    ) % {"n": len(rows)}
    with transaction.atomic():
        notification_create(user=user, title=title, body="\n".join(lines), url=url, dedupe_key=key)
        if user.email:
            email_send(
                to=user.email,
                template="placement_reminders",
                context={"user": user, "lines": lines, "count": len(rows), "url": url, "today": today},
                dedupe_key=key,
            )


def _send_chunk(users: dict[int, User], today: date, url: str) -> int:
    """Send a chunk of recipients' scheduled reminders (one notification and one e-mail each) and
    mark them sent, in one transaction: the rows are locked skip-locked, so two runs at once never
    both send; a recipient whose sending fails gets `feilet` with the error, the others go on."""
    with transaction.atomic():
        by_recipient: dict[int, list[Reminder]] = {}
        for row in (
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(recipient_id__in=list(users), state=Reminder.State.SCHEDULED)
            .order_by("pk")
        ):
            by_recipient.setdefault(row.recipient_id, []).append(row)
        sent_ids: list[int] = []
        failed: dict[str, list[int]] = {}
        for recipient_id, rows in by_recipient.items():
            try:
                _send_one(users[recipient_id], rows, today, url)
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"[:2000]
                failed.setdefault(error, []).extend(r.pk for r in rows)
            else:
                sent_ids.extend(r.pk for r in rows)
        if sent_ids:
            Reminder.objects.filter(pk__in=sent_ids).update(
                state=Reminder.State.SENT, sent_at=timezone.now(), error=""
            )
        for error, ids in failed.items():
            Reminder.objects.filter(pk__in=ids).update(state=Reminder.State.FAILED, sent_at=None, error=error)
        return len(sent_ids)


def reminders_send(*, today: date) -> int:
    """Send what is scheduled and not yet sent, one summary per recipient, in chunks of recipients."""
    recipients = (
        Reminder.objects.filter(
            state=Reminder.State.SCHEDULED, due_on__lte=today + timedelta(days=ENDING_WITHIN_DAYS)
        )
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    users = User.objects.in_bulk(list(recipients))
    ids = sorted(users)
    url = reverse("placements:mine")
    return sum(
        _send_chunk({pk: users[pk] for pk in ids[i : i + SEND_CHUNK]}, today, url)
        for i in range(0, len(ids), SEND_CHUNK)
    )


def reminders_run(*, today: date | None = None) -> dict[str, int]:
    """The daily job: release placements whose counsellor left, schedule, send. Safe to run twice."""
    today = today or timezone.localdate()
    released = placements_release_departed(today=today)
    scheduled = reminders_schedule(today=today)
    sent = reminders_send(today=today)
    return {"released": released, "scheduled": scheduled, "sent": sent}
