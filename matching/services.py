"""Writes for matching: candidate lists (propose, status, outcome, employer answer), sharing a
list with an employer, travel preferences and the board."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.models import Candidate, CandidateProfile
from candidates.selectors import consent_valid
from core.services import notification_create
from core.sharing import share_link_create
from employers.models import Need

from . import indexing, scoring
from .models import (
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


def has_consent_for(*, candidate: Candidate, need: Need) -> bool:
    """Whether the consent gate would open for this employer and need (without opening it)."""
    return consent_valid(candidate=candidate, employer=need.employer, need=need) is not None


@transaction.atomic
def entry_propose(*, need: Need, candidate: Candidate, by) -> ListEntry:
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
    return entry


@transaction.atomic
def entry_set_status(*, entry: ListEntry, status: str, by, note: str = "") -> ListEntry:
    if status not in WorkStatus.values:
        raise ValidationError({"status": _("Ukjent status.")})
    entry = ListEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != status:
        _event(entry, ListEntryEvent.Field.STATUS, entry.status, status, by=by, note=note)
        entry.status = status
        entry.save(update_fields=["status", "updated_at"])
    return entry


@transaction.atomic
def entry_set_outcome(*, entry: ListEntry, outcome: str, by, note: str = "") -> ListEntry:
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Ukjent utfall.")})
    entry = ListEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.outcome != outcome:
        _event(entry, ListEntryEvent.Field.OUTCOME, entry.outcome, outcome, by=by, note=note)
        entry.outcome = outcome
        entry.save(update_fields=["outcome", "updated_at"])
    return entry


@transaction.atomic
def list_share(
    *, candidate_list: CandidateList, by, recipient_name: str, recipient_email: str = "", days: int = 14
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
        entry.outcome = Outcome.PRESENTED
        entry.save(update_fields=["outcome", "updated_at"])
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


def travel_preference_set(*, profile: CandidateProfile, counties, by) -> TravelPreference:
    pref, _created = TravelPreference.objects.get_or_create(profile=profile)
    pref.counties.set([c for c in counties if c.pk != profile.county_id])
    indexing.profile_terms_refresh(profile_ids=[profile.pk])
    return pref
