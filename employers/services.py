"""Writes for the employer register: employers, contact persons, the contact log, needs (with
their state machine), networks and CSV imports."""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Membership, Role
from core.facilitation import is_valid_code
from core.models import Municipality
from core.queue import enqueue_on_commit
from core.services import notification_create

from .models import (
    ContactLogEntry,
    ContactPerson,
    Employer,
    ImportJob,
    Need,
    NeedEvent,
    Network,
    NetworkMeeting,
)

logger = logging.getLogger(__name__)


class TransitionError(Exception):
    """A status change that NEED_TRANSITIONS does not allow."""


# --- Employers ---------------------------------------------------------------------------------

EMPLOYER_FIELDS = {
    "name", "sector", "industry", "size_band", "municipality", "address", "postal_code", "postal_place",
    "has_hr", "ia_agreement", "status", "inclusion_willingness", "inclusion_competence", "inclusion_notes",
    "last_visit_on", "recruitment_need", "offers_summer_job", "work_training_experience", "facilitation",
    "primary_contact", "primary_contact_phone", "primary_contact_email", "nav_office",
}  # fmt: skip


def _apply_employer_fields(employer: Employer, attrs: dict) -> None:
    unknown = set(attrs) - EMPLOYER_FIELDS
    if unknown:
        raise TypeError(f"Unknown employer fields: {sorted(unknown)}")
    for key, value in attrs.items():
        setattr(employer, key, value)
    employer.facilitation = sorted({c for c in employer.facilitation if is_valid_code(c)})
    employer.county_id = employer.municipality.county_id
    contact = employer.primary_contact
    # The direct line defaults to the contact's own, so the employer page never shows a blank.
    if contact is not None:
        employer.primary_contact_phone = employer.primary_contact_phone or contact.phone
        employer.primary_contact_email = employer.primary_contact_email or contact.email


def employer_create(*, by, orgnr: str, name: str, municipality: Municipality, **attrs) -> Employer:
    employer = Employer(orgnr="".join(orgnr.split()), created_by=by)
    _apply_employer_fields(employer, {"name": name, "municipality": municipality, **attrs})
    employer.full_clean()
    employer.save()
    return employer


def employer_update(*, employer: Employer, by, **attrs) -> Employer:
    _apply_employer_fields(employer, attrs)
    employer.full_clean()
    employer.save()
    return employer


def contact_person_create(*, employer: Employer, by, name: str, **attrs) -> ContactPerson:
    person = ContactPerson(employer=employer, name=name, **attrs)
    person.full_clean()
    person.save()
    return person


def contact_person_update(*, person: ContactPerson, by, **attrs) -> ContactPerson:
    for key, value in attrs.items():
        setattr(person, key, value)
    person.full_clean()
    person.save()
    return person


def contact_person_delete(*, person: ContactPerson, by) -> None:
    person.delete()


# --- Contact log ---------------------------------------------------------------------------------


def contact_log_create(
    *,
    employer: Employer,
    by,
    occurred_at: datetime.datetime,
    channel: str,
    purpose: str,
    notes: str = "",
    next_step: str = "",
    next_step_on: datetime.date | None = None,
    unit=None,
) -> ContactLogEntry:
    """Log a contact (past) or plan one (future). A past contact moves the employer's
    last_contact_at forward, and a past visit its last_visit_on (the inclusion profile date)."""
    if unit is None:
        from accounts.access import primary_membership

        membership = primary_membership(by)
        unit = membership.unit if membership else None
    with transaction.atomic():
        entry = ContactLogEntry.objects.create(
            employer=employer,
            user=by,
            unit=unit,
            occurred_at=occurred_at,
            channel=channel,
            purpose=purpose,
            notes=notes,
            next_step=next_step,
            next_step_on=next_step_on,
        )
        if occurred_at <= timezone.now():
            locked = Employer.objects.select_for_update().get(pk=employer.pk)
            fields = []
            if locked.last_contact_at is None or occurred_at > locked.last_contact_at:
                locked.last_contact_at = occurred_at
                fields.append("last_contact_at")
            visit_day = timezone.localdate(occurred_at)
            if channel == ContactLogEntry.Channel.VISIT and (
                locked.last_visit_on is None or visit_day > locked.last_visit_on
            ):
                locked.last_visit_on = visit_day
                fields.append("last_visit_on")
            if fields:
                locked.save(update_fields=[*fields, "updated_at"])
                for field in fields:
                    setattr(employer, field, getattr(locked, field))
    return entry


# --- Needs ------------------------------------------------------------------------------------

S = Need.Status
# The need's state machine: (from, to) pairs, nothing else is allowed.
NEED_TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.OPEN, S.WITHDRAWN},
    S.OPEN: {S.FILLED, S.CLOSED, S.WITHDRAWN},
    S.FILLED: set(),
    S.CLOSED: set(),
    S.WITHDRAWN: set(),
}
EDITABLE_STATUSES = {S.DRAFT, S.OPEN}

NEED_FIELDS = {
    "title", "department", "tasks", "occupation", "places", "offer_types", "job_may_follow",
    "norwegian_level", "driving_licences", "minimum_age", "maximum_age", "other_requirements", "facilitation",
    "training_offered", "prerequisites", "extent", "hours", "municipality", "start_date", "deadline",
    "horizon",
}  # fmt: skip


def _apply_need_fields(need: Need, attrs: dict) -> None:
    unknown = set(attrs) - NEED_FIELDS
    if unknown:
        raise TypeError(f"Unknown need fields: {sorted(unknown)}")
    for key, value in attrs.items():
        setattr(need, key, value)
    need.facilitation = sorted({c for c in need.facilitation if is_valid_code(c)})
    need.county_id = need.municipality.county_id


def need_create(*, employer: Employer, by, title: str, tasks: str, **attrs) -> Need:
    attrs.setdefault("municipality", employer.municipality)
    with transaction.atomic():
        need = Need(employer=employer, created_by=by)
        _apply_need_fields(need, {"title": title, "tasks": tasks, **attrs})
        need.full_clean()
        need.save()
        NeedEvent.objects.create(need=need, from_status="", to_status=S.DRAFT, by=by)
    return need


def need_update(*, need: Need, by, **attrs) -> Need:
    if need.status not in EDITABLE_STATUSES:
        raise TransitionError(_("Et behov som er besatt, lukket eller trukket kan ikke endres."))
    _apply_need_fields(need, attrs)
    need.full_clean()
    need.save()
    return need


def _transition(*, need: Need, to: str, by, note: str = "") -> Need:
    with transaction.atomic():
        locked = Need.objects.select_for_update().get(pk=need.pk)
        if to not in NEED_TRANSITIONS[locked.status]:
            raise TransitionError(
                _("Behovet kan ikke gå fra «%(from)s» til «%(to)s».")
                % {"from": S(locked.status).label, "to": S(to).label}
            )
        from_status = locked.status
        locked.status = to
        fields = ["status", "updated_at"]
        if to == S.OPEN:
            locked.opened_at = timezone.now()
            fields.append("opened_at")
        locked.save(update_fields=fields)
        NeedEvent.objects.create(need=locked, from_status=from_status, to_status=to, by=by, note=note)
    need.status, need.opened_at = locked.status, locked.opened_at
    return need


def need_open(*, need: Need, by) -> Need:
    """Publish a draft to the region; counsellors of the need's county are told in the app.

    The notifications are rows written in the same transaction as the status change (a side
    effect as a row, architecture.md): no broker is involved, so a Redis outage cannot lose them,
    and the dedupe key keeps them at one per counsellor if the fan-out ever runs again."""
    with transaction.atomic():
        need = _transition(need=need, to=S.OPEN, by=by)
        need_notify_counsellors(need_id=need.pk)
    return need


def need_fill(*, need: Need, by, note: str = "") -> Need:
    return _transition(need=need, to=S.FILLED, by=by, note=note)


def need_close(*, need: Need, by, note: str = "") -> Need:
    return _transition(need=need, to=S.CLOSED, by=by, note=note)


def need_withdraw(*, need: Need, by, note: str = "") -> Need:
    return _transition(need=need, to=S.WITHDRAWN, by=by, note=note)


# Which transition function serves which target status (for the one view that posts them).
NEED_TRANSITION_FUNCTIONS = {
    S.OPEN: need_open,
    S.FILLED: need_fill,
    S.CLOSED: need_close,
    S.WITHDRAWN: need_withdraw,
}


def need_notify_counsellors(*, need_id: int) -> int:
    """Tell every counsellor of the need's county that it is open. Safe to run twice (dedupe key)."""
    need = Need.objects.select_related("employer", "municipality").get(pk=need_id)
    if need.status != S.OPEN:
        return 0
    user_ids = (
        Membership.objects.filter(role=Role.VEILEDER, unit__county_id=need.county_id, user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
    )
    from accounts.models import User

    url = reverse("employers:need_detail", args=[need.pk])
    title = _("Nytt behov: %(title)s hos %(employer)s") % {
        "title": need.title,
        "employer": need.employer.name,
    }
    body = ngettext(
        "%(places)s plass i %(municipality)s.", "%(places)s plasser i %(municipality)s.", need.places
    ) % {
        "places": need.places,
        "municipality": need.municipality.name,
    }
    count = 0
    for user in User.objects.filter(pk__in=list(user_ids)):
        notification_create(user=user, title=title, body=body, url=url, dedupe_key=f"need-opened:{need.pk}")
        count += 1
    return count


# --- Networks ---------------------------------------------------------------------------------


def network_create(*, by, name: str, county, members=(), **attrs) -> Network:
    with transaction.atomic():
        network = Network(name=name, county=county, **attrs)
        network.full_clean()
        network.save()
        network.members.set(members)
    return network


def network_update(*, network: Network, by, members=None, **attrs) -> Network:
    with transaction.atomic():
        for key, value in attrs.items():
            setattr(network, key, value)
        network.full_clean()
        network.save()
        if members is not None:
            network.members.set(members)
    return network


def network_meeting_create(
    *, network: Network, by, date: datetime.date, topic: str, notes: str = "", attendees=()
):
    with transaction.atomic():
        meeting = NetworkMeeting.objects.create(network=network, date=date, topic=topic, notes=notes)
        member_ids = set(network.members.values_list("pk", flat=True))
        meeting.attendees.set([e for e in attendees if e.pk in member_ids])
    return meeting


# --- CSV import -------------------------------------------------------------------------------------

# Files up to this many rows are imported in the request; larger ones by a worker with a progress bar.
IMPORT_INLINE_MAX_ROWS = 200


def employer_import_start(*, by, filename: str, content: str) -> ImportJob:
    from .importing import count_rows

    job = ImportJob.objects.create(
        created_by=by, filename=filename[:255], content=content, total_rows=count_rows(content)
    )
    if job.total_rows <= IMPORT_INLINE_MAX_ROWS:
        employer_import_run(job_id=job.pk)
        job.refresh_from_db()
    else:
        from .tasks import run_employer_import

        enqueue_on_commit(run_employer_import, job.pk)
    return job


# A pending import older than this that no worker has started is started by the beat sweep.
IMPORT_SWEEP_AFTER = datetime.timedelta(minutes=2)


def employer_imports_sweep(*, older_than: datetime.timedelta = IMPORT_SWEEP_AFTER) -> int:
    """Run pending imports that no worker picked up (Redis was down when they were queued).

    Each job is claimed with SELECT … FOR UPDATE SKIP LOCKED and run by employer_import_run, which
    re-checks the status under its own lock, so a job never runs twice even if a late worker task
    and the sweep (or two sweeps) meet. Returns how many it ran."""
    cutoff = timezone.now() - older_than
    count = 0
    while True:
        with transaction.atomic():
            job = (
                ImportJob.objects.select_for_update(skip_locked=True)
                .filter(status=ImportJob.Status.PENDING, created_at__lt=cutoff)
                .order_by("created_at")
                .first()
            )
            if job is None:
                return count
            _import_claim(job)
        employer_import_run(job_id=job.pk, claimed=True)
        count += 1


def _import_error_message(exc: Exception) -> str:
    return _(
        "Importen stoppet med en feil (%(error)s). Ingenting ble importert; prøv igjen eller kontakt support."
    ) % {"error": type(exc).__name__}


def _import_claim(job: ImportJob) -> None:
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status", "updated_at"])


def employer_import_run(*, job_id: int, claimed: bool = False) -> ImportJob:
    """Check every row, then create all employers in one transaction or none at all.

    Progress is saved outside the import transaction so the page can show it while we work.
    Running a finished job again does nothing.
    """
    from .importing import IMPORT_PROGRESS_EVERY, parse_and_validate

    if claimed:  # the sweep already moved it to running under its lock
        job = ImportJob.objects.get(pk=job_id)
    else:
        with transaction.atomic():
            job = ImportJob.objects.select_for_update(skip_locked=True).filter(pk=job_id).first()
            if job is None or job.status != ImportJob.Status.PENDING:
                return job or ImportJob.objects.get(pk=job_id)
            _import_claim(job)

    def progress(done: int) -> None:
        if done % IMPORT_PROGRESS_EVERY == 0 or done == job.total_rows:
            ImportJob.objects.filter(pk=job.pk).update(processed_rows=min(done, job.total_rows))

    try:
        employers, errors = parse_and_validate(job.content, created_by=job.created_by, progress=progress)
    except Exception as exc:  # an import that raises ends as failed, with its error on the page
        logger.exception("Employer import %s failed", job.pk)
        employers, errors = [], [{"row": 0, "messages": [_import_error_message(exc)]}]
    if errors:
        job.status, job.errors, job.created_count = ImportJob.Status.FAILED, errors, 0
    else:
        try:
            with transaction.atomic():
                Employer.objects.bulk_create(employers, batch_size=500)
        except IntegrityError:  # a concurrent registration took an orgnr: nothing was imported
            job.status = ImportJob.Status.FAILED
            job.errors = [
                {
                    "row": 0,
                    "messages": [
                        _(
                            "Et organisasjonsnummer ble registrert av noen andre under importen. Ingenting ble importert; prøv igjen."
                        )
                    ],
                }
            ]
        except Exception as exc:  # anything else: failed with its error, never "running" for ever
            logger.exception("Employer import %s failed", job.pk)
            job.status = ImportJob.Status.FAILED
            job.errors = [{"row": 0, "messages": [_import_error_message(exc)]}]
        else:
            job.status, job.created_count = ImportJob.Status.SUCCEEDED, len(employers)
    job.processed_rows = job.total_rows
    job.finished_at = timezone.now()
    job.save(
        update_fields=["status", "errors", "created_count", "processed_rows", "finished_at", "updated_at"]
    )
    return job
