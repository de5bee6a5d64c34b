"""Writes for the employer register: employers, contact persons, the contact log, needs (with
their state machine), networks and CSV imports."""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.access import memberships_of
from accounts.models import Membership, Role, User
from core.audit import audit_created, audit_deleted, audit_record_many, model_update
from core.facilitation import is_valid_code
from core.models import AuditEntry, Municipality
from core.queue import enqueue_on_commit
from core.services import notification_create
from core.transitions import StateMachine, TransitionError, transition

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


# --- Employers ---------------------------------------------------------------------------------

EMPLOYER_FIELDS = {
    "name", "sector", "industry", "size_band", "municipality", "address", "postal_code", "postal_place",
    "has_hr", "ia_agreement", "status", "inclusion_willingness", "inclusion_competence", "inclusion_notes",
    "last_visit_on", "recruitment_need", "offers_summer_job", "work_training_experience", "facilitation",
    "primary_contact", "primary_contact_phone", "primary_contact_email", "nav_office",
}  # fmt: skip


def _derive_employer_fields(employer: Employer) -> None:
    employer.facilitation = sorted({c for c in employer.facilitation if is_valid_code(c)})
    employer.county_id = employer.municipality.county_id
    contact = employer.primary_contact
    # The direct line defaults to the contact's own, so the employer page never shows a blank.
    if contact is not None:
        employer.primary_contact_phone = employer.primary_contact_phone or contact.phone
        employer.primary_contact_email = employer.primary_contact_email or contact.email


def employer_create(*, by: User, orgnr: str, name: str, municipality: Municipality, **attrs) -> Employer:
    employer = Employer(orgnr="".join(orgnr.split()), created_by=by)
    data = {"name": name, "municipality": municipality, **attrs}
    model_update(employer, data=data, fields=EMPLOYER_FIELDS, by=by, prepare=_derive_employer_fields)
    return employer


def employer_update(*, employer: Employer, by: User, **attrs) -> Employer:
    model_update(employer, data=attrs, fields=EMPLOYER_FIELDS, by=by, prepare=_derive_employer_fields)
    return employer


CONTACT_PERSON_FIELDS = {"name", "role", "title", "phone", "email"}


def contact_person_create(*, employer: Employer, by: User, name: str, **attrs) -> ContactPerson:
    person = ContactPerson(employer=employer)
    model_update(person, data={"name": name, **attrs}, fields=CONTACT_PERSON_FIELDS, by=by)
    return person


def contact_person_update(*, person: ContactPerson, by: User, **attrs) -> ContactPerson:
    model_update(person, data=attrs, fields=CONTACT_PERSON_FIELDS, by=by)
    return person


def contact_person_delete(*, person: ContactPerson, by: User) -> None:
    with transaction.atomic():
        audit_deleted(by=by, instance=person)
        person.delete()


# --- Contact log ---------------------------------------------------------------------------------


def contact_log_create(
    *,
    employer: Employer,
    by: User,
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
        audit_created(by=by, instance=entry)
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


def _need_history(need: Need, source: str, target: str, by: User, note: str = "") -> None:
    NeedEvent.objects.create(need=need, from_status=source, to_status=target, by=by, note=note)


NEED_MACHINE = StateMachine(
    model=Need,
    transitions=NEED_TRANSITIONS,
    history=_need_history,
    error=_("Behovet kan ikke gå fra «%(from)s» til «%(to)s»."),
)

NEED_FIELDS = {
    "title", "department", "tasks", "occupation", "places", "offer_types", "job_may_follow",
    "norwegian_level", "driving_licences", "minimum_age", "maximum_age", "other_requirements", "facilitation",
    "training_offered", "prerequisites", "extent", "hours", "municipality", "start_date", "deadline",
    "horizon",
}  # fmt: skip


def _derive_need_fields(need: Need) -> None:
    need.facilitation = sorted({c for c in need.facilitation if is_valid_code(c)})
    need.county_id = need.municipality.county_id


def need_create(*, employer: Employer, by: User, title: str, tasks: str, **attrs) -> Need:
    attrs.setdefault("municipality", employer.municipality)
    with transaction.atomic():
        need = Need(employer=employer, created_by=by)
        data = {"title": title, "tasks": tasks, **attrs}
        model_update(need, data=data, fields=NEED_FIELDS, by=by, prepare=_derive_need_fields)
        NeedEvent.objects.create(need=need, from_status="", to_status=S.DRAFT, by=by)
    return need


def need_update(*, need: Need, by: User, **attrs) -> Need:
    if need.status not in EDITABLE_STATUSES:
        raise TransitionError(_("Et behov som er besatt, lukket eller trukket kan ikke endres."))
    model_update(need, data=attrs, fields=NEED_FIELDS, by=by, prepare=_derive_need_fields)
    return need


def _opened_at(need: Need, source: str) -> list[str]:
    need.opened_at = timezone.now()
    return ["opened_at"]


def _transition(*, need: Need, to: str, by: User, note: str = "") -> Need:
    transition(
        NEED_MACHINE, instance=need, to=to, by=by, note=note, apply=_opened_at if to == S.OPEN else None
    )
    return need


def need_open(*, need: Need, by: User) -> Need:
    """Publish a draft to the region; counsellors of the need's county are told in the app.

    The notifications are rows written in the same transaction as the status change (a side
    effect as a row, architecture.md): no broker is involved, so a Redis outage cannot lose them,
    and the dedupe key keeps them at one per counsellor if the fan-out ever runs again."""
    with transaction.atomic():
        need = _transition(need=need, to=S.OPEN, by=by)
        need_notify_counsellors(need_id=need.pk)
    return need


def need_fill(*, need: Need, by: User, note: str = "") -> Need:
    return _transition(need=need, to=S.FILLED, by=by, note=note)


def need_close(*, need: Need, by: User, note: str = "") -> Need:
    return _transition(need=need, to=S.CLOSED, by=by, note=note)


def need_withdraw(*, need: Need, by: User, note: str = "") -> Need:
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


NETWORK_FIELDS = {"name", "kind", "county", "description", "members", "requested_topics"}


def network_create(*, by: User, name: str, county, members=(), **attrs) -> Network:
    data = {"name": name, "county": county, "members": members, **attrs}
    network = Network()
    model_update(network, data=data, fields=NETWORK_FIELDS, by=by)
    return network


def network_update(*, network: Network, by: User, members=None, **attrs) -> Network:
    data = attrs if members is None else {**attrs, "members": members}
    model_update(network, data=data, fields=NETWORK_FIELDS, by=by)
    return network


def network_meeting_create(
    *, network: Network, by: User, date: datetime.date, topic: str, notes: str = "", attendees=()
):
    with transaction.atomic():
        meeting = NetworkMeeting.objects.create(network=network, date=date, topic=topic, notes=notes)
        member_ids = set(network.members.values_list("pk", flat=True))
        meeting.attendees.set([e for e in attendees if e.pk in member_ids])
        audit_created(by=by, instance=meeting)
    return meeting


# --- CSV import -------------------------------------------------------------------------------------

# Files up to this many rows are imported in the request; larger ones by a worker with a progress bar.
IMPORT_INLINE_MAX_ROWS = 200


def employer_import_start(*, by: User, filename: str, content: str) -> ImportJob:
    from .importing import count_rows

    with transaction.atomic():
        job = ImportJob.objects.create(
            created_by=by, filename=filename[:255], content=content, total_rows=count_rows(content)
        )
        audit_created(by=by, instance=job)
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
        # As when registering one employer: the NAV employee who imports owns the relations.
        contact = job.created_by if job.created_by and memberships_of(job.created_by) else None
        employers, errors = parse_and_validate(
            job.content, created_by=job.created_by, primary_contact=contact, progress=progress
        )
    except Exception as exc:  # an import that raises ends as failed, with its error on the page
        logger.exception("Employer import %s failed", job.pk)
        employers, errors = [], [{"row": 0, "messages": [_import_error_message(exc)]}]
    if errors:
        job.status, job.errors, job.created_count = ImportJob.Status.FAILED, errors, 0
    else:
        try:
            with transaction.atomic():
                Employer.objects.bulk_create(employers, batch_size=500)
                audit_record_many(by=job.created_by, instances=employers, action=AuditEntry.Action.CREATE)
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
