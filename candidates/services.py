"""Writes for candidates: identity, profile, facilitation needs, follow-up, consent, access log,
erasure. Every change goes through a function here; views and forms only call them."""

import datetime
import logging
import secrets

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import office_ids
from accounts.models import User
from core import facilitation
from core.audit import audit_created, audit_record, change, model_update
from core.models import AuditEntry
from core.services import notification_create
from core.transitions import StateMachine, TransitionError, transition
from core.validators import fodselsnummer_birth_date, normalise_digits, validate_fodselsnummer, validate_orgnr
from core.vocabulary import Extent, birth_month_of

from .models import (
    AccessLogEntry,
    AgeBand,
    Candidate,
    CandidateProfile,
    Consent,
    FacilitationNeed,
    FollowUpEvent,
    FollowUpStatus,
    RetentionLog,
    TransferRequest,
)

logger = logging.getLogger(__name__)

# Crockford-like alphabet without 0/O, 1/I/L and U: codes are read aloud and typed by hand.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
# 30^4 = 810,000 codes; random, so the code says nothing about office, age or order of creation.
CODE_LENGTH = 4
CODE_ATTEMPTS = 20


def profile_code_generate(*, taken: set[str] | None = None, rng=None) -> str:
    """A fresh pseudonymous code like K-7F3Q. Falls back to a longer code if the space is crowded."""
    choice = rng.choice if rng is not None else secrets.choice
    length = CODE_LENGTH
    for attempt in range(CODE_ATTEMPTS * 2):
        if attempt == CODE_ATTEMPTS:
            length += 1
        code = "K-" + "".join(choice(CODE_ALPHABET) for _ in range(length))
        if taken is not None:
            if code not in taken:
                taken.add(code)
                return code
        elif not CandidateProfile.objects.filter(code=code).exists():
            return code
    raise RuntimeError("Could not find a free candidate code")


def age_band_for(birth_date: datetime.date, today: datetime.date | None = None) -> str:
    today = today or timezone.localdate()
    age = relativedelta(today, birth_date).years
    if age < 20:
        return AgeBand.UNDER_20
    if age < 25:
        return AgeBand.FROM_20_TO_24
    if age < 30:
        return AgeBand.FROM_25_TO_29
    return AgeBand.FROM_30


ELSEWHERE_CODE = "registered_elsewhere"


def _clean_fnr(value: str, *, exclude_pk: int | None = None, office=None) -> str:
    digits = normalise_digits(value)
    validate_fodselsnummer(digits)
    clash = Candidate.objects.filter(fodselsnummer=digits)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if office is not None and clash.exclude(office=office).exists():
        # Not "already exists": an answer that plain made the form an oracle (issue 10, item 2).
        raise ValidationError(
            {
                "fodselsnummer": ValidationError(
                    _(
                        "Personen kan ikke registreres her. Hvis personen følges opp ved et annet "
                        "NAV-kontor, kan du be om overføring."
                    ),
                    code=ELSEWHERE_CODE,
                )
            }
        )
    if clash.exists():
        raise ValidationError(
            {"fodselsnummer": _("Det finnes allerede en kandidat med dette fødselsnummeret.")}
        )
    return digits


def candidate_create(*, by: User, office, fodselsnummer: str, **fields) -> Candidate:
    """Register a candidate. A fødselsnummer held by another office is refused, and the attempt
    is access-logged on that candidate and told to its counsellor (in its own transaction, so the
    refusal does not roll it back)."""
    try:
        return _candidate_create(by=by, office=office, fodselsnummer=fodselsnummer, **fields)
    except ValidationError as exc:
        codes = [e.code for e in getattr(exc, "error_dict", {}).get("fodselsnummer", [])]
        if ELSEWHERE_CODE in codes:
            _registration_attempt_record(by=by, office=office, fodselsnummer=fodselsnummer)
        raise


@transaction.atomic
def _registration_attempt_record(*, by: User, office, fodselsnummer: str) -> None:
    # Changes nothing but the access log and a notification, so it writes no audit row.
    candidate = Candidate.objects.filter(fodselsnummer=normalise_digits(fodselsnummer)).first()
    if candidate is None:
        return
    AccessLogEntry.objects.create(
        user=by, candidate=candidate, office=office, page=AccessLogEntry.Page.ATTEMPT
    )
    if candidate.counsellor_id:
        notification_create(
            user=candidate.counsellor,
            title=_("En veileder ved %(office)s forsøkte å registrere kandidat %(code)s.")
            % {
                "office": office.name,
                "code": candidate.profile.code if hasattr(candidate, "profile") else candidate.pk,
            },
            url=reverse("candidates:transfers"),
            dedupe_key=f"attempt-{candidate.pk}-{by.pk}-{timezone.localdate():%Y%m%d}",
        )


@transaction.atomic
def _candidate_create(
    *,
    by: User,
    office,
    first_name: str,
    last_name: str,
    fodselsnummer: str,
    innsatsgruppe: str,
    follow_up_started_on: datetime.date,
    phone: str = "",
    email: str = "",
    counsellor=None,
    benefit: str = "ingen",
    notes: str = "",
) -> Candidate:
    """Register a candidate in a NAV-kontor, with an empty anonymised profile in the office's region."""
    fnr = _clean_fnr(fodselsnummer, office=office)
    birth_date = fodselsnummer_birth_date(fnr)
    candidate = Candidate(
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        fodselsnummer=fnr,
        birth_date=birth_date,
        phone=phone.strip(),
        email=email.strip(),
        office=office,
        counsellor=counsellor or by,
        innsatsgruppe=innsatsgruppe,
        benefit=benefit,
        follow_up_status=FollowUpStatus.ACTIVE,
        follow_up_started_on=follow_up_started_on,
        notes=notes,
    )
    candidate.full_clean(exclude=["fodselsnummer"])
    candidate.save()
    CandidateProfile.objects.create(
        candidate=candidate,
        code=profile_code_generate(),
        age_band=age_band_for(birth_date),
        birth_month=birth_month_of(birth_date),
        county_id=office.county_id,
        municipality=office.municipalities.order_by("code").first(),
    )
    FollowUpEvent.objects.create(
        candidate=candidate, to_status=FollowUpStatus.ACTIVE, on_date=follow_up_started_on, by=by
    )
    audit_created(by=by, instance=candidate, fields=["first_name", "last_name", "fodselsnummer"])
    return candidate


IDENTITY_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "email",
    "counsellor",
    "innsatsgruppe",
    "benefit",
    "follow_up_started_on",
    "notes",
)


@transaction.atomic
def candidate_update(
    *, candidate: Candidate, by: User, fodselsnummer: str | None = None, **fields
) -> Candidate:
    """Change identity fields; a new fødselsnummer re-derives the birth date, and with it the
    profile's age band and birth month (what matching tests age limits against)."""
    if set(fields) - set(IDENTITY_FIELDS):
        raise TypeError(f"candidate_update got unknown fields: {sorted(set(fields) - set(IDENTITY_FIELDS))}")
    data = {
        name: value.strip() if isinstance(value, str) and name != "notes" else value
        for name, value in fields.items()
    }
    if fodselsnummer is not None and normalise_digits(fodselsnummer) != candidate.fodselsnummer:
        data["fodselsnummer"] = _clean_fnr(fodselsnummer, exclude_pk=candidate.pk)
        data["birth_date"] = fodselsnummer_birth_date(data["fodselsnummer"])
        CandidateProfile.objects.filter(candidate=candidate).update(
            age_band=age_band_for(data["birth_date"]), birth_month=birth_month_of(data["birth_date"])
        )
    model_update(
        candidate,
        data=data,
        fields=(*IDENTITY_FIELDS, "fodselsnummer", "birth_date"),
        by=by,
        clean_exclude=["fodselsnummer"],
    )
    return candidate


PROFILE_FIELDS = (
    "county",
    "municipality",
    "interests",
    "competence",
    "experience_summary",
    "education_level",
    "norwegian_level",
    "languages",
    "driving_licences",
    "available_from",
    "extents",
    "short_text",
)


def _prepare_profile(profile: CandidateProfile) -> None:
    profile.extents = [v for v in Extent.values if v in (profile.extents or [])]
    if profile.municipality_id and profile.municipality.county_id != profile.county_id:
        raise ValidationError({"municipality": _("Kommunen ligger ikke i valgt fylke.")})


def candidate_profile_update(
    *, profile: CandidateProfile, by: User, job_wishes=None, **fields
) -> CandidateProfile:
    """Change the anonymised profile. full_clean() runs the personal-data guard on every free text
    field, so nothing reaches the table that the guard would refuse, form or no form."""
    data = fields if job_wishes is None else {**fields, "job_wishes": job_wishes}
    model_update(
        profile,
        data=data,
        fields=(*PROFILE_FIELDS, "job_wishes"),
        by=by,
        prepare=_prepare_profile,
        clean_exclude=["candidate", "code", "facilitation_codes"],
    )
    return profile


# --- Facilitation needs (append-only) ---------------------------------------------------------------


def facilitation_current(candidate: Candidate) -> dict[str, FacilitationNeed]:
    """Newest row per category, removed ones left out (DISTINCT ON, one query)."""
    newest = (
        FacilitationNeed.objects.filter(candidate=candidate)
        .order_by("category", "-created_at", "-pk")
        .distinct("category")
    )
    return {need.category: need for need in newest if not need.removed}


@transaction.atomic
def facilitation_need_set(
    *, candidate: Candidate, by: User, category: str, values: list[str]
) -> FacilitationNeed | None:
    """Register the candidate's current need in one category; an empty list removes it.

    Writes a new row only when something changed, and keeps the profile's category mirror in step.
    Returns the new row, or None when nothing changed.
    """
    choices = facilitation.VALUES.get(category)
    if choices is None:
        raise ValidationError(_("Ukjent tilretteleggingskategori."))
    invalid = [v for v in values if v not in choices.values]
    if invalid:
        raise ValidationError(_("Ugyldig tilretteleggingsbehov: %(values)s") % {"values": ", ".join(invalid)})
    # Lock the candidate so two simultaneous saves cannot both decide "changed".
    Candidate.objects.select_for_update().filter(pk=candidate.pk).first()
    current = facilitation_current(candidate).get(category)
    wanted = sorted(set(values), key=list(choices.values).index)
    if (current.values if current else []) == wanted:
        return None
    if current is None and not wanted:
        return None
    need = FacilitationNeed.objects.create(
        candidate=candidate, category=category, values=wanted, removed=not wanted, created_by=by
    )
    codes = [code for n in facilitation_current(candidate).values() for code in n.codes]
    CandidateProfile.objects.filter(candidate=candidate).update(facilitation_codes=sorted(codes))
    # Health-related: the trail says only that the needs changed (CandidateProfile.AUDIT_IDENTITY_FIELDS).
    profile = CandidateProfile.objects.only("pk").get(candidate=candidate)
    audit_record(
        by=by,
        instance=profile,
        action=AuditEntry.Action.UPDATE,
        changes=[change(profile, "facilitation_codes")],
    )
    return need


# --- Follow-up state machine ------------------------------------------------------------------------

# Statuses in which the anonymised profile is shown to other NAV staff.
LISTED_STATUSES = frozenset({FollowUpStatus.ACTIVE, FollowUpStatus.PAUSED})

FOLLOW_UP_TRANSITIONS: dict[str, set[str]] = {
    FollowUpStatus.ACTIVE: {FollowUpStatus.PAUSED, FollowUpStatus.ENDED},
    FollowUpStatus.PAUSED: {FollowUpStatus.ACTIVE, FollowUpStatus.ENDED},
    FollowUpStatus.ENDED: {FollowUpStatus.ACTIVE},
}


def _follow_up_history(candidate: Candidate, source: str, target: str, by: User, on_date) -> None:
    CandidateProfile.objects.filter(candidate=candidate).update(listed=target in LISTED_STATUSES)
    FollowUpEvent.objects.create(
        candidate=candidate, from_status=source, to_status=target, on_date=on_date, by=by
    )


def _not_erased(candidate: Candidate, target: str) -> None:
    if candidate.erased_at is not None:
        raise TransitionError(_("Oppfølgingsstatusen kan ikke endres slik."), code="invalid_transition")


FOLLOW_UP_MACHINE = StateMachine(
    model=Candidate,
    field="follow_up_status",
    transitions=FOLLOW_UP_TRANSITIONS,
    history=_follow_up_history,
    error=_("Oppfølgingsstatusen kan ikke endres slik."),
    guard=_not_erased,
)


def _follow_up_transition(
    *, candidate: Candidate, by: User, to: str, on_date: datetime.date | None
) -> Candidate:
    on_date = on_date or timezone.localdate()

    def dates(locked: Candidate, source: str) -> list[str]:
        if to == FollowUpStatus.ENDED:
            locked.follow_up_ended_on = on_date
        elif source == FollowUpStatus.ENDED:
            locked.follow_up_ended_on = None
            locked.follow_up_started_on = on_date
        return ["follow_up_ended_on", "follow_up_started_on"]

    return transition(FOLLOW_UP_MACHINE, instance=candidate, to=to, by=by, apply=dates, on_date=on_date)


def follow_up_pause(*, candidate: Candidate, by: User, on_date: datetime.date | None = None) -> Candidate:
    return _follow_up_transition(candidate=candidate, by=by, to=FollowUpStatus.PAUSED, on_date=on_date)


def follow_up_resume(*, candidate: Candidate, by: User, on_date: datetime.date | None = None) -> Candidate:
    """Back to active from a pause, or a new follow-up period after it ended."""
    return _follow_up_transition(candidate=candidate, by=by, to=FollowUpStatus.ACTIVE, on_date=on_date)


def follow_up_end(*, candidate: Candidate, by: User, on_date: datetime.date | None = None) -> Candidate:
    """End follow-up; the retention clock starts from `on_date`."""
    return _follow_up_transition(candidate=candidate, by=by, to=FollowUpStatus.ENDED, on_date=on_date)


# --- Consent -------------------------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    candidate: Candidate,
    by: User,
    employer_orgnr: str,
    employer_name: str,
    purpose: str,
    given_on: datetime.date,
    expires_on: datetime.date,
    subject: str = "",
    need=None,
) -> Consent:
    """Record a consent. It is linked to the register's employer with that orgnr when there is
    one (otherwise it stays valid as text and is listed for a person to resolve), and to `need`
    when it is for one need, which must belong to that employer."""
    from employers.models import Employer

    orgnr = normalise_digits(employer_orgnr)
    validate_orgnr(orgnr)
    if expires_on < given_on:
        raise ValidationError({"expires_on": _("Fristen kan ikke være før samtykket ble gitt.")})
    if purpose not in Consent.Purpose.values:
        raise ValidationError({"purpose": _("Velg et gyldig formål.")})
    employer = Employer.objects.filter(orgnr=orgnr).first()
    if need is not None and (employer is None or need.employer_id != employer.pk):
        raise ValidationError(
            {"need": _("Behovet tilhører en annen arbeidsgiver enn organisasjonsnummeret.")}
        )
    subject = (subject or (need.title if need is not None else "")).strip()
    if not subject:
        raise ValidationError({"subject": _("Skriv hvilket behov eller arrangement samtykket gjelder.")})
    consent = Consent.objects.create(
        candidate=candidate,
        employer=employer,
        need=need,
        employer_orgnr=orgnr,
        employer_name=employer_name.strip() or (employer.name if employer else ""),
        purpose=purpose,
        subject=subject[:200],
        given_on=given_on,
        expires_on=expires_on,
        recorded_by=by,
    )
    audit_created(
        by=by,
        instance=consent,
        fields=["employer", "need", "employer_orgnr", "purpose", "subject", "expires_on"],
    )
    return consent


def consents_link_employers() -> int:
    """Link every unlinked consent whose orgnr is now in the register (run after registering the
    employer; the admin action «Koble til arbeidsgiver» calls it). Returns how many were linked."""
    from employers.models import Employer

    employers = Employer.objects.filter(orgnr=OuterRef("employer_orgnr")).values("pk")[:1]
    return Consent.objects.filter(
        employer__isnull=True, employer_orgnr__in=Employer.objects.values("orgnr")
    ).update(employer=Subquery(employers), updated_at=timezone.now())


def consent_revoke(*, consent: Consent, by: User) -> Consent:
    """Revoke a consent; revoking twice keeps the first time."""
    with transaction.atomic():
        revoked = Consent.objects.filter(pk=consent.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=by, updated_at=timezone.now()
        )
        consent.refresh_from_db()
        if revoked:
            audit_record(
                by=by,
                instance=consent,
                action=AuditEntry.Action.UPDATE,
                changes=[change(consent, "revoked_at", None, consent.revoked_at)],
            )
    return consent


# --- Access log -----------------------------------------------------------------------------------------


def access_log_insert_sql(ids: str) -> str:
    """The access log's INSERT of the candidate ids that the SQL `ids` yields (one column), with
    the named params of access_log_params: access_log_record runs it over a list, and a statement
    that reads names can run it over its own rows as a data-modifying CTE, so the names and their
    log rows are one statement (matching.selectors._SUGGESTION_PROFILES_SQL)."""
    # INSERT … SELECT instead of bulk_create: building and preparing a model per row was a seventh
    # of «Mine kandidater»'s CPU (issue 16). The same columns bulk_create wrote, accessed_at as
    # auto_now_add sets it; one statement, so atomic without a transaction block. The table name
    # and `ids` are our own SQL; the values are parameters.
    table = AccessLogEntry._meta.db_table
    insert = f"INSERT INTO {table} (user_id, candidate_id, page, accessed_at) "
    return insert + f"SELECT %(log_user)s, logged.id, %(log_page)s, %(log_at)s FROM ({ids}) AS logged (id)"  # noqa: S608


def access_log_params(*, user, page: str) -> dict:
    return {"log_user": user.pk, "log_page": page, "log_at": timezone.now()}


def access_log_record(*, user, candidates, page: str) -> int:
    """One row per candidate whose identity the user was just shown; one INSERT for a whole page."""
    ids = [c if isinstance(c, int) else c.pk for c in candidates]
    if not ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            access_log_insert_sql("SELECT unnest(%(log_ids)s::bigint[])"),
            {**access_log_params(user=user, page=page), "log_ids": ids},
        )
    return len(ids)


# --- Retention and erasure ---------------------------------------------------------------------------------


ERASED_IDENTITY = {
    "first_name": "",
    "last_name": "",
    "fodselsnummer": None,
    "birth_date": None,
    "phone": "",
    "email": "",
    "notes": "",
    "counsellor": None,
}
ERASED_PROFILE_TEXT = {
    "interests": "",
    "competence": "",
    "experience_summary": "",
    "short_text": "",
    "languages": [],
    "birth_month": None,
    "facilitation_codes": [],
    "listed": False,
}


def candidate_erase(*, candidate: Candidate, reason: str, by: User | None = None) -> RetentionLog:
    """Erase the candidate's identity and health-related data; keep what statistics need
    (office, innsatsgruppe, benefit, follow-up dates and status, age band, county, municipality,
    education level, the pseudonymous code). Safe to run twice: the second call returns the log row.
    """
    with transaction.atomic():
        locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
        existing = RetentionLog.objects.filter(candidate=locked).first()
        if existing is not None:
            return existing
        for name, value in ERASED_IDENTITY.items():
            setattr(locked, name, value)
        locked.erased_at = timezone.now()
        locked.save()
        CandidateProfile.objects.filter(candidate=locked).update(
            **ERASED_PROFILE_TEXT, updated_at=timezone.now()
        )
        # Facilitation needs are health-related (GDPR Art. 9): the whole history goes, bypassing
        # the model's append-only guard, which protects the history only while it may be kept.
        FacilitationNeed.objects.filter(candidate=locked).delete()  # QuerySet.delete skips Model.delete
        log = RetentionLog.objects.create(candidate=locked, reason=reason, erased_by=by)
        audit_record(
            by=by,
            instance=locked,
            action=AuditEntry.Action.UPDATE,
            # Erased: say which fields went, never what they held.
            changes=[{"field": name, "identity": True} for name in ERASED_IDENTITY]
            + [change(locked, "erased_at", None, locked.erased_at)],
        )
    logger.info("Candidate %s erased (%s)", locked.pk, reason)
    return log


def retention_cutoff(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return today - relativedelta(months=settings.CANDIDATE_RETENTION_MONTHS)


def candidates_erase_expired(*, today: datetime.date | None = None) -> int:
    """Erase every candidate whose follow-up ended before the retention cut-off. Returns how many."""
    due = Candidate.objects.filter(
        follow_up_status=FollowUpStatus.ENDED,
        follow_up_ended_on__lt=retention_cutoff(today),
        erased_at__isnull=True,
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        candidate = Candidate(pk=pk)
        candidate_erase(candidate=candidate, reason=RetentionLog.Reason.RETENTION)
        count += 1
    logger.info("Retention sweep erased %s candidate(s)", count)
    return count


def profile_age_bands_refresh(*, today: datetime.date | None = None) -> int:
    """Move profiles to their current age band (people have birthdays): one UPDATE per band."""
    today = today or timezone.localdate()
    bounds = [
        (AgeBand.UNDER_20, today - relativedelta(years=20), None),
        (AgeBand.FROM_20_TO_24, today - relativedelta(years=25), today - relativedelta(years=20)),
        (AgeBand.FROM_25_TO_29, today - relativedelta(years=30), today - relativedelta(years=25)),
        (AgeBand.FROM_30, None, today - relativedelta(years=30)),
    ]
    changed = 0
    for band, born_after, born_on_or_before in bounds:
        rows = CandidateProfile.objects.filter(candidate__birth_date__isnull=False).exclude(age_band=band)
        if born_after is not None:
            rows = rows.filter(candidate__birth_date__gt=born_after)
        if born_on_or_before is not None:
            rows = rows.filter(candidate__birth_date__lte=born_on_or_before)
        changed += rows.update(age_band=band)
    return changed


# --- Transfer between offices (issue 10, item 2) ------------------------------------------------------


@transaction.atomic
def transfer_request_create(*, by: User, office, fodselsnummer: str) -> TransferRequest | None:
    """Ask the office that holds this fødselsnummer to hand the candidate over. The answer is the
    same whether or not anyone holds it: the asking office learns nothing until acceptance."""
    if office.pk not in office_ids(by):
        raise PermissionDenied
    digits = normalise_digits(fodselsnummer)
    candidate = (
        Candidate.objects.select_for_update()
        .filter(fodselsnummer=digits, erased_at__isnull=True)
        .exclude(office=office)
        .first()
    )
    if candidate is None:
        return None
    transfer, created = TransferRequest.objects.get_or_create(
        candidate=candidate,
        to_office=office,
        status=TransferRequest.Status.PENDING,
        defaults={"from_office_id": candidate.office_id, "requested_by": by},
    )
    if created:
        audit_created(by=by, instance=transfer, fields=["candidate", "from_office", "to_office"])
    if created and candidate.counsellor_id:
        notification_create(
            user=candidate.counsellor,
            title=_("%(office)s ber om å overta en av kandidatene dine.") % {"office": office.name},
            url=reverse("candidates:transfers"),
            dedupe_key=f"transfer-{transfer.pk}",
        )
    return transfer


def _transfer_history(transfer: TransferRequest, source: str, target: str, by: User) -> None:
    """The request row is its own history (decided_by, decided_at); the audit row says the rest."""


TRANSFER_MACHINE = StateMachine(
    model=TransferRequest,
    transitions={
        TransferRequest.Status.PENDING: {TransferRequest.Status.ACCEPTED, TransferRequest.Status.DECLINED}
    },
    history=_transfer_history,
    error=_("Forespørselen er allerede avgjort."),
)


def _decide(*, transfer: TransferRequest, by: User, status: str) -> TransferRequest:
    """Only the office that holds the candidate decides, once (a decided request is final)."""
    if transfer.from_office_id not in office_ids(by):
        raise PermissionDenied

    def decided(locked: TransferRequest, source: str) -> list[str]:
        locked.decided_by = by
        locked.decided_at = timezone.now()
        return ["decided_by", "decided_at"]

    try:
        transfer = transition(TRANSFER_MACHINE, instance=transfer, to=status, by=by, apply=decided)
    except TransitionError:
        raise PermissionDenied from None
    return TransferRequest.objects.select_related("candidate").get(pk=transfer.pk)


@transaction.atomic
def transfer_accept(*, transfer: TransferRequest, by: User) -> TransferRequest:
    """Move the candidate to the asking office and counsellor; both sides are access-logged."""
    transfer = _decide(transfer=transfer, by=by, status=TransferRequest.Status.ACCEPTED)
    candidate = transfer.candidate
    changes = [
        change(candidate, "office", candidate.office_id, transfer.to_office_id),
        change(candidate, "counsellor", candidate.counsellor_id, transfer.requested_by_id),
    ]
    candidate.office_id = transfer.to_office_id
    candidate.counsellor_id = transfer.requested_by_id
    candidate.save(update_fields=["office", "counsellor", "updated_at"])
    audit_record(by=by, instance=candidate, action=AuditEntry.Action.UPDATE, changes=changes)
    for user, office_id in ((by, transfer.from_office_id), (transfer.requested_by, transfer.to_office_id)):
        AccessLogEntry.objects.create(
            user=user, candidate=candidate, office_id=office_id, page=AccessLogEntry.Page.TRANSFER
        )
    notification_create(
        user=transfer.requested_by,
        title=_("Overføringen er godtatt: kandidaten følges nå opp av deg."),
        url=reverse("candidates:detail", args=[candidate.pk]),
        dedupe_key=f"transfer-accepted-{transfer.pk}",
    )
    return transfer


@transaction.atomic
def transfer_decline(*, transfer: TransferRequest, by: User) -> TransferRequest:
    transfer = _decide(transfer=transfer, by=by, status=TransferRequest.Status.DECLINED)
    notification_create(
        user=transfer.requested_by,
        title=_("Overføringsforespørselen er avslått."),
        url=reverse("candidates:transfers"),
        dedupe_key=f"transfer-declined-{transfer.pk}",
    )
    return transfer
