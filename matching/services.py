"""Writes for matching: candidate lists (propose, status, outcome, employer answer), sharing a
list with an employer, travel preferences and the board."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import memberships_of
from accounts.models import Role, User
from candidates.models import Candidate, CandidateProfile
from candidates.selectors import consent_valid
from core.audit import audit_created, audit_record, change, model_create, model_update
from core.models import AuditEntry
from core.personal_data import validate_no_personal_data
from core.services import notification_create
from core.sharing import share_link_create
from core.transitions import StateMachine, transition
from employers.models import Employer, Need

from . import indexing, scoring
from .models import (
    BoardCase,
    BoardCaseEvent,
    BoardProposal,
    CandidateList,
    EmployerResponse,
    ListEntry,
    ListEntryEvent,
    NotSuitableReason,
    Outcome,
    TravelPreference,
    WorkStatus,
)
from .selectors import LIST_SCOPE, need_facts_for, profile_facts_for

PROPOSABLE_NEED_STATUSES = ("apen",)
# What the employer's answer does to the working status.
STATUS_AFTER_RESPONSE = {
    EmployerResponse.WANT_TO_MEET: WorkStatus.INTERVIEW,
    EmployerResponse.MAYBE: WorkStatus.RELEVANT,
    EmployerResponse.NOT_SUITABLE: WorkStatus.NOT_RELEVANT,
}


def candidate_list_get_or_create(*, need: Need) -> CandidateList:
    candidate_list, _created = CandidateList.objects.get_or_create(need=need)
    return candidate_list


def _event(entry, field, from_value, to_value, *, by=None, by_employer="", note=""):
    return ListEntryEvent.objects.create(
        entry=entry,
        field=field,
        from_value=from_value,
        to_value=to_value,
        by=by,
        by_employer=by_employer,
        note=note,
    )


def _audited_set(entry: ListEntry, *, by: User, field: str, value: str) -> None:
    """Save one changed field of an entry with its audit row (the entry's events are the list's
    own history; the audit trail is the one every page shows)."""
    old = getattr(entry, field)
    setattr(entry, field, value)
    entry.save(update_fields=[field, "updated_at"])
    audit_record(
        by=by, instance=entry, action=AuditEntry.Action.UPDATE, changes=[change(entry, field, old, value)]
    )


def has_consent_for(*, candidate: Candidate, need: Need) -> bool:
    """Whether the consent gate would open for this employer and need (without opening it)."""
    return consent_valid(candidate=candidate, employer=need.employer, need=need) is not None


@transaction.atomic
def entry_propose(*, need: Need, candidate: Candidate, by: User) -> ListEntry:
    """Put a candidate on the need's list (once). The match score at the time is kept."""
    if need.status not in PROPOSABLE_NEED_STATUSES:
        raise ValidationError(_("Du kan bare foreslå kandidater til åpne behov."))
    if candidate.erased_at is not None or candidate.follow_up_status == "avsluttet":
        raise ValidationError(_("Kandidaten er ikke lenger i oppfølging."))
    candidate_list = candidate_list_get_or_create(need=need)
    if ListEntry.objects.filter(candidate_list=candidate_list, candidate=candidate).exists():
        raise ValidationError(_("Kandidaten står allerede på listen."))
    facts_p, facts_n = profile_facts_for(candidate.profile.pk), need_facts_for(need)
    entry = ListEntry.objects.create(
        candidate_list=candidate_list,
        candidate=candidate,
        proposed_by=by,
        score=scoring.match(facts_p, facts_n).score,
    )
    _event(entry, ListEntryEvent.Field.PROPOSED, "", WorkStatus.CONSIDERED, by=by)
    audit_created(by=by, instance=entry, fields=["candidate_list", "candidate", "score"])
    return entry


@transaction.atomic
def entry_set_status(*, entry: ListEntry, status: str, by: User, note: str = "") -> ListEntry:
    if status not in WorkStatus.values:
        raise ValidationError({"status": _("Ukjent status.")})
    entry = ListEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != status:
        _event(entry, ListEntryEvent.Field.STATUS, entry.status, status, by=by, note=note)
        _audited_set(entry, by=by, field="status", value=status)
    return entry


@transaction.atomic
def entry_set_outcome(*, entry: ListEntry, outcome: str, by: User, note: str = "") -> ListEntry:
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Ukjent utfall.")})
    entry = ListEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.outcome != outcome:
        _event(entry, ListEntryEvent.Field.OUTCOME, entry.outcome, outcome, by=by, note=note)
        _audited_set(entry, by=by, field="outcome", value=outcome)
    return entry


@transaction.atomic
def list_share(
    *, candidate_list: CandidateList, by: User, recipient_name: str, recipient_email: str = "", days: int = 14
):
    """Share the list with an employer contact: a link (token returned once), and every
    candidate not yet presented is marked presented."""
    link, token = share_link_create(
        obj=candidate_list,
        scope=LIST_SCOPE,
        by=by,
        recipient_name=recipient_name,
        recipient_email=recipient_email,
        days=days,
    )
    for entry in candidate_list.entries.filter(outcome=Outcome.NOT_PRESENTED).exclude(
        status__in=[WorkStatus.NOT_RELEVANT, WorkStatus.NOT_INTERESTED]
    ):
        _event(
            entry,
            ListEntryEvent.Field.OUTCOME,
            entry.outcome,
            Outcome.PRESENTED,
            by=by,
            note=_("Delt med arbeidsgiver"),
        )
        _audited_set(entry, by=by, field="outcome", value=Outcome.PRESENTED)
    audit_created(by=by, instance=link, fields=["scope", "recipient_name", "expires_at"])
    return link, token


@transaction.atomic
def entry_employer_respond(
    *, entry: ListEntry, link, response: str, reason: str = "", comment: str = ""
) -> ListEntry:
    """The employer's answer through a share link: updates the entry, writes its history and
    notifies the counsellors (the proposer and the candidate's own)."""
    errors = {}
    if response not in EmployerResponse.values:
        errors["response"] = _("Velg et svar.")
    if response == EmployerResponse.NOT_SUITABLE and reason not in NotSuitableReason.values:
        errors["reason"] = _("Velg en begrunnelse.")
    if len(comment or "") > 1000:
        errors["comment"] = _("Kommentaren kan være på høyst 1000 tegn.")
    if errors:
        raise ValidationError(errors)
    entry = (
        ListEntry.objects.select_for_update()
        .select_related("candidate", "candidate_list__need")
        .get(pk=entry.pk)
    )
    if response != EmployerResponse.NOT_SUITABLE:
        reason = ""
    who = link.recipient_name
    _event(
        entry, ListEntryEvent.Field.EMPLOYER, entry.employer_response, response, by_employer=who, note=comment
    )
    entry.employer_response = response
    entry.employer_reason = reason
    entry.employer_comment = comment or ""
    entry.employer_responded_at = timezone.now()
    new_status = STATUS_AFTER_RESPONSE[response]
    if entry.status != new_status:
        _event(entry, ListEntryEvent.Field.STATUS, entry.status, new_status, by_employer=who)
        entry.status = new_status
    entry.save()
    need = entry.candidate_list.need
    url = reverse("matching:list", args=[need.pk])
    title = _("%(employer)s har svart «%(answer)s» på en kandidat til %(need)s") % {
        "employer": need.employer.name,
        "answer": EmployerResponse(response).label,
        "need": need.title,
    }
    for user in {u for u in (entry.proposed_by, entry.candidate.counsellor) if u is not None}:
        notification_create(
            user=user,
            title=title[:200],
            url=url,
            dedupe_key=f"list-answer:{entry.pk}:{ListEntryEvent.objects.filter(entry=entry).count()}",
        )
    return entry


@transaction.atomic
def travel_preference_set(*, profile: CandidateProfile, counties, by: User) -> TravelPreference:
    pref, _created = TravelPreference.objects.get_or_create(profile=profile)
    wanted = [c for c in counties if c.pk != profile.county_id]
    model_update(pref, data={"counties": wanted}, fields=["counties"], by=by)
    indexing.profile_terms_refresh(profile_ids=[profile.pk])
    return pref


# --- The board (tavle) --------------------------------------------------------------------------------

B = BoardCase.Status
BOARD_TRANSITIONS = {
    B.LOCAL: {B.ESCALATED, B.SOLVED, B.CLOSED},
    B.ESCALATED: {B.PROPOSED, B.SOLVED, B.CLOSED},
    # Back to the board when no proposal led anywhere.
    B.PROPOSED: {B.ESCALATED, B.SOLVED, B.CLOSED},
    B.SOLVED: set(),
    B.CLOSED: set(),
}


def _board_history(case: BoardCase, source: str, target: str, by, note: str = "") -> None:
    BoardCaseEvent.objects.create(case=case, from_status=source, to_status=target, by=by, note=note[:500])


BOARD_MACHINE = StateMachine(
    model=BoardCase,
    transitions=BOARD_TRANSITIONS,
    history=_board_history,
    error=_("Saken kan ikke gå fra «%(from)s» til «%(to)s»."),
)


@transaction.atomic
def board_case_register(
    *, candidate: Candidate, employer_wanted: str, by: User, escalate: bool = False
) -> BoardCase:
    """A counsellor puts a candidate on the board: tried at the own office first, or escalated to
    the Arbeidslivssenter at once. The text must not identify the candidate (others see it)."""
    if candidate.erased_at is not None or candidate.follow_up_status == "avsluttet":
        raise ValidationError(_("Kandidaten er ikke lenger i oppfølging."))
    try:
        validate_no_personal_data(employer_wanted, names=(candidate.first_name, candidate.last_name))
    except ValidationError as exc:
        raise ValidationError({"employer_wanted": exc.messages}) from exc
    if BoardCase.objects.filter(candidate=candidate, status__in=BoardCase.OPEN_STATUSES).exists():
        raise ValidationError(_("Kandidaten har allerede en åpen sak på tavlen."))
    profile = candidate.profile
    case = model_create(
        instance=BoardCase(
            candidate=candidate,
            office_id=candidate.office_id,
            county_id=profile.county_id,
            registered_by=by,
            employer_wanted=employer_wanted.strip(),
        ),
        by=by,
    )
    _board_history(case, "", B.LOCAL, by)
    if escalate:
        board_case_escalate(case=case, by=by)
    return case


def _escalated_at(case: BoardCase, source: str) -> list[str]:
    if case.escalated_at is None:
        case.escalated_at = timezone.now()
        return ["escalated_at"]
    return []


def board_case_escalate(*, case: BoardCase, by: User | None, note: str = "") -> BoardCase:
    """To the Arbeidslivssenter's board (by choice, or by the sweep with `by=None`)."""
    transition(BOARD_MACHINE, instance=case, to=B.ESCALATED, by=by, note=note, apply=_escalated_at)
    return case


def board_escalation_due(*, now=None):
    days = settings.BOARD_ESCALATE_AFTER_DAYS
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return BoardCase.objects.filter(status=B.LOCAL, created_at__lte=cutoff)


def board_escalation_sweep(*, now=None) -> int:
    """Escalate every case tried locally for BOARD_ESCALATE_AFTER_DAYS. Safe to run twice or in
    parallel: each case is claimed with SKIP LOCKED and its status re-checked under the lock."""
    days = settings.BOARD_ESCALATE_AFTER_DAYS
    note = _("Automatisk etter %(days)s dager på eget kontor") % {"days": days}
    done = 0
    for pk in list(board_escalation_due(now=now).values_list("pk", flat=True)):
        with transaction.atomic():
            case = board_escalation_due(now=now).select_for_update(skip_locked=True).filter(pk=pk).first()
            if case is None:
                continue
            board_case_escalate(case=case, by=None, note=note)
            done += 1
    return done


def board_case_assign(*, case: BoardCase, adviser: User, by: User) -> BoardCase:
    """An adviser takes responsibility for an escalated case."""
    if case.status not in (B.ESCALATED, B.PROPOSED):
        raise ValidationError(_("Bare saker hos Arbeidslivssenteret kan tildeles en rådgiver."))
    model_update(case, data={"assigned_to": adviser}, fields=["assigned_to"], by=by)
    return case


@transaction.atomic
def board_proposal_create(
    *, case: BoardCase, by: User, employer: Employer | None = None, need: Need | None = None, note: str = ""
) -> BoardProposal:
    """An adviser proposes an employer, or one of its needs, for an escalated case. The first
    proposer takes the case if nobody has; the registering counsellor is told in the app."""
    case = BoardCase.objects.select_for_update().get(pk=case.pk)
    if case.status not in (B.ESCALATED, B.PROPOSED):
        raise ValidationError(_("Du kan bare foreslå arbeidsgivere til saker hos Arbeidslivssenteret."))
    if need is not None:
        if employer is not None and need.employer_id != employer.pk:
            raise ValidationError({"need": _("Behovet hører til en annen arbeidsgiver.")})
        employer = need.employer
    if employer is None:
        raise ValidationError({"employer": _("Velg en arbeidsgiver eller et behov.")})
    try:
        validate_no_personal_data(note)
    except ValidationError as exc:
        raise ValidationError({"note": exc.messages}) from exc
    membership = next(
        (m for m in memberships_of(by) if m.role in (Role.IA_RADGIVER, Role.MARKEDSKOORDINATOR)), None
    )
    proposal = model_create(
        instance=BoardProposal(
            case=case,
            employer=employer,
            need=need,
            proposed_by=by,
            unit_id=membership.unit_id if membership else None,
            note=note.strip(),
        ),
        by=by,
    )
    if case.status == B.ESCALATED:
        transition(BOARD_MACHINE, instance=case, to=B.PROPOSED, by=by, note=employer.name[:200])
    if case.assigned_to_id is None:
        model_update(case, data={"assigned_to": by}, fields=["assigned_to"], by=by)
    if case.registered_by is not None:
        notification_create(
            user=case.registered_by,
            title=(
                _("Forslag til sak %(pk)s på tavlen: %(employer)s")
                % {"pk": case.pk, "employer": employer.name}
            )[:200],
            url=reverse("matching:board_case", args=[case.pk]),
            dedupe_key=f"board-proposal:{proposal.pk}",
        )
    return proposal


def _closed(proposal: BoardProposal | None):
    def apply(case: BoardCase, source: str) -> list[str]:
        case.closed_at = timezone.now()
        case.solved_by_proposal = proposal
        return ["closed_at", "solved_by_proposal"]

    return apply


def board_case_solve(
    *, case: BoardCase, by: User, proposal: BoardProposal | None = None, note: str = ""
) -> BoardCase:
    """The case is solved: the candidate got a place. With the proposal that led there, its
    adviser and unit are credited; without one it was solved locally."""
    if proposal is not None and proposal.case_id != case.pk:
        raise ValidationError({"proposal": _("Forslaget hører til en annen sak.")})
    transition(BOARD_MACHINE, instance=case, to=B.SOLVED, by=by, note=note, apply=_closed(proposal))
    return case


def board_case_close(*, case: BoardCase, by: User, note: str = "") -> BoardCase:
    """The case ends without a place (the candidate moved on, the need changed)."""
    transition(BOARD_MACHINE, instance=case, to=B.CLOSED, by=by, note=note, apply=_closed(None))
    return case


def board_case_return(*, case: BoardCase, by: User, note: str = "") -> BoardCase:
    """No proposal led anywhere: back on the board for the next meeting."""
    transition(BOARD_MACHINE, instance=case, to=B.ESCALATED, by=by, note=note)
    return case
