"""Acceptance: every service that changes a tracked object takes `by: User` and writes an audit row.

The list of services is found by reading the service modules, not written by hand: a new service
with `by` fails `test_every_service_with_by_has_a_call_here` until a call is added below, and that
call must then write an audit row by `by`.
"""

import datetime
import inspect
import json
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from candidates import services as candidate_services
from candidates.models import TransferRequest
from core.audit import model_update
from core.models import AuditEntry
from digests import services as digest_services
from employers import services as employer_services
from employers.models import ContactPerson
from jobfairs import services as jobfair_services
from matching import services as matching_services
from placements import services as placement_services
from projects import services as project_services
from projects.models import Enrolment
from tests.candidates.factories import make_candidate
from tests.employers.factories import EmployerFactory, NeedFactory, municipality, valid_orgnr
from tests.factories import NavUnitFactory, county
from tests.projects.factories import GoalFactory, MethodPhaseFactory, ProjectFactory, RiskFactory

pytestmark = pytest.mark.django_db

SERVICE_MODULES = (
    employer_services,
    candidate_services,
    project_services,
    matching_services,
    jobfair_services,
    placement_services,
    digest_services,
)


def services_taking_by() -> dict[str, object]:
    found = {}
    for module in SERVICE_MODULES:
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or func.__module__ != module.__name__:
                continue
            if "by" in inspect.signature(func).parameters:
                found[f"{module.__name__}.{name}"] = func
    return found


# Each call gets the fixtures below (as a namespace `f`) and makes one change by f.user.
E, C, P, M = "employers.services", "candidates.services", "projects.services", "matching.services"
J = "jobfairs.services"
PL = "placements.services"
TODAY = datetime.date(2026, 3, 1)

CALLS = {
    f"{E}.employer_create": lambda f: employer_services.employer_create(
        by=f.user, orgnr=valid_orgnr(), name="Ny AS", municipality=municipality()
    ),
    f"{E}.employer_update": lambda f: employer_services.employer_update(
        employer=f.employer, by=f.user, inclusion_notes="Ny merknad"
    ),
    f"{E}.contact_person_create": lambda f: employer_services.contact_person_create(
        employer=f.employer, by=f.user, name="Ola Kontakt"
    ),
    f"{E}.contact_person_update": lambda f: employer_services.contact_person_update(
        person=f.person, by=f.user, phone="99 11 22 33"
    ),
    f"{E}.contact_person_delete": lambda f: employer_services.contact_person_delete(
        person=f.person, by=f.user
    ),
    f"{E}.contact_log_create": lambda f: employer_services.contact_log_create(
        employer=f.employer, by=f.user, occurred_at=timezone.now(), channel="telefon", purpose="Oppfølging"
    ),
    f"{E}.need_create": lambda f: employer_services.need_create(
        employer=f.employer, by=f.user, title="Lager", tasks="Plukk"
    ),
    f"{E}.need_update": lambda f: employer_services.need_update(need=f.need, by=f.user, places=3),
    f"{E}.need_open": lambda f: employer_services.need_open(need=f.need, by=f.user),
    f"{E}.need_fill": lambda f: employer_services.need_fill(need=f.open_need, by=f.user),
    f"{E}.need_close": lambda f: employer_services.need_close(need=f.open_need, by=f.user),
    f"{E}.need_withdraw": lambda f: employer_services.need_withdraw(need=f.need, by=f.user),
    f"{E}.network_create": lambda f: employer_services.network_create(
        by=f.user, name="Nettverk", county=county("34"), members=[f.employer]
    ),
    f"{E}.network_update": lambda f: employer_services.network_update(
        network=f.network, by=f.user, description="Ny"
    ),
    f"{E}.network_meeting_create": lambda f: employer_services.network_meeting_create(
        network=f.network, by=f.user, date=TODAY, topic="Rekruttering"
    ),
    f"{E}.employer_import_start": lambda f: employer_services.employer_import_start(
        by=f.user, filename="a.csv", content=f"orgnr;navn;kommunenummer\n{valid_orgnr()};Import AS;3403\n"
    ),
    f"{C}.candidate_create": lambda f: make_candidate(office=f.office, by=f.user),
    f"{C}.candidate_update": lambda f: candidate_services.candidate_update(
        candidate=f.candidate, by=f.user, first_name="Nytt"
    ),
    f"{C}.candidate_profile_update": lambda f: candidate_services.candidate_profile_update(
        profile=f.candidate.profile, by=f.user, extents=["deltid"]
    ),
    f"{C}.facilitation_need_set": lambda f: candidate_services.facilitation_need_set(
        candidate=f.candidate, by=f.user, category="fysisk", values=["ergonomi"]
    ),
    f"{C}.follow_up_pause": lambda f: candidate_services.follow_up_pause(candidate=f.candidate, by=f.user),
    f"{C}.follow_up_end": lambda f: candidate_services.follow_up_end(candidate=f.candidate, by=f.user),
    f"{C}.follow_up_resume": lambda f: candidate_services.follow_up_resume(
        candidate=candidate_services.follow_up_pause(candidate=f.candidate, by=f.user), by=f.user
    ),
    f"{C}.consent_record": lambda f: candidate_services.consent_record(
        candidate=f.candidate,
        by=f.user,
        employer_orgnr="889640782",
        employer_name="Firma AS",
        purpose="behov",
        subject="Lager",
        given_on=TODAY,
        expires_on=TODAY + datetime.timedelta(days=30),
    ),
    f"{C}.consent_revoke": lambda f: candidate_services.consent_revoke(consent=f.consent, by=f.user),
    f"{C}.candidate_erase": lambda f: candidate_services.candidate_erase(
        candidate=f.candidate, by=f.user, reason="request"
    ),
    f"{C}.transfer_request_create": lambda f: candidate_services.transfer_request_create(
        by=f.user, office=f.office, fodselsnummer=f.elsewhere.fodselsnummer
    ),
    f"{C}.transfer_accept": lambda f: candidate_services.transfer_accept(transfer=f.transfer, by=f.user),
    f"{C}.transfer_decline": lambda f: candidate_services.transfer_decline(transfer=f.transfer, by=f.user),
    f"{M}.entry_propose": lambda f: matching_services.entry_propose(
        need=f.open_need, candidate=f.candidate, by=f.user
    ),
    f"{M}.entry_set_status": lambda f: matching_services.entry_set_status(
        entry=f.entry(), status="aktuell", by=f.user
    ),
    f"{M}.entry_set_outcome": lambda f: matching_services.entry_set_outcome(
        entry=f.entry(), outcome="presentert", by=f.user
    ),
    f"{M}.list_share": lambda f: matching_services.list_share(
        candidate_list=f.entry().candidate_list, by=f.user, recipient_name="Per Kontakt"
    ),
    f"{M}.travel_preference_set": lambda f: matching_services.travel_preference_set(
        profile=f.candidate.profile, counties=[county("03")], by=f.user
    ),
    "digests.services.digest_preference_update": lambda f: digest_services.digest_preference_update(
        user=f.user, by=f.user, opted_out=True, extra_counties=[county("46")]
    ),
    f"{M}.board_case_register": lambda f: matching_services.board_case_register(
        candidate=f.candidate, employer_wanted="Lager i Hamar", by=f.user
    ),
    f"{M}.board_case_escalate": lambda f: matching_services.board_case_escalate(
        case=f.case("lokalt"), by=f.user
    ),
    f"{M}.board_case_assign": lambda f: matching_services.board_case_assign(
        case=f.case("eskalert"), adviser=f.user, by=f.user
    ),
    f"{M}.board_proposal_create": lambda f: matching_services.board_proposal_create(
        case=f.case("eskalert"), employer=f.employer, by=f.user
    ),
    f"{M}.board_case_solve": lambda f: matching_services.board_case_solve(case=f.case("lokalt"), by=f.user),
    f"{M}.board_case_close": lambda f: matching_services.board_case_close(case=f.case("lokalt"), by=f.user),
    f"{M}.board_case_return": lambda f: matching_services.board_case_return(
        case=f.case("foreslatt"), by=f.user
    ),
    f"{P}.project_create": lambda f: project_services.project_create(
        by=f.user, name="Nytt prosjekt", region=county("34")
    ),
    f"{P}.project_update": lambda f: project_services.project_update(
        project=f.project, by=f.user, focus="Ny"
    ),
    f"{P}.project_copy": lambda f: project_services.project_copy(
        source=f.project, by=f.user, name="Kopi", region=county("34"), coordinator=None
    ),
    f"{P}.method_phase_add": lambda f: project_services.method_phase_add(
        project=f.project, by=f.user, name="Fase"
    ),
    f"{P}.follow_up_template_add": lambda f: project_services.follow_up_template_add(
        project=f.project, by=f.user, name="Etter 3 mnd", offset_days=90
    ),
    f"{P}.goal_add": lambda f: project_services.goal_add(
        project=f.project, by=f.user, metric="work_count", description="I arbeid"
    ),
    f"{P}.goal_update": lambda f: project_services.goal_update(row=f.goal, by=f.user, target=Decimal(5)),
    f"{P}.risk_add": lambda f: project_services.risk_add(
        project=f.project, by=f.user, risk="Frafall", likelihood=2, impact=2
    ),
    f"{P}.risk_update": lambda f: project_services.risk_update(row=f.risk, by=f.user, likelihood=3),
    f"{P}.role_task_add": lambda f: project_services.role_task_add(
        project=f.project, by=f.user, task="Rekruttere"
    ),
    f"{P}.anchoring_add": lambda f: project_services.anchoring_add(
        project=f.project, by=f.user, leader="Leder"
    ),
    f"{P}.document_add": lambda f: project_services.document_add(
        project=f.project, by=f.user, title="Plan", url="https://example.com/plan"
    ),
    f"{P}.cohort_create": lambda f: project_services.cohort_create(
        project=f.project, by=f.user, name="Kull 1"
    ),
    f"{P}.cohort_employer_add": lambda f: project_services.cohort_employer_add(
        cohort=project_services.cohort_create(project=f.project, by=f.user, name="Kull 2"),
        by=f.user,
        orgnr="974760673",
        name="Firma",
    ),
    f"{P}.outcome_record_add": lambda f: project_services.outcome_record_add(
        project=f.project, by=f.user, category="started", count=3
    ),
    f"{J}.event_create": lambda f: f.fair(publish=False, employers=0),
    f"{J}.event_update": lambda f: jobfair_services.event_update(
        event=f.fair(), by=f.user, data={"venue": "Nytt sted"}
    ),
    f"{J}.event_copy": lambda f: jobfair_services.event_copy(
        event=f.fair(),
        by=f.user,
        date=TODAY + datetime.timedelta(days=400),
        booking_deadline=TODAY + datetime.timedelta(days=390),
    ),
    f"{J}.event_publish": lambda f: jobfair_services.event_publish(event=f.fair(publish=False), by=f.user),
    f"{J}.event_unpublish": lambda f: jobfair_services.event_unpublish(event=f.fair(), by=f.user),
    f"{J}.event_hold": lambda f: jobfair_services.event_hold(event=f.fair(), by=f.user),
    f"{J}.event_close": lambda f: jobfair_services.event_close(
        event=jobfair_services.event_hold(event=f.fair(), by=f.user), by=f.user
    ),
    f"{J}.event_cancel": lambda f: jobfair_services.event_cancel(event=f.fair(), by=f.user),
    f"{J}.event_employer_add": lambda f: jobfair_services.event_employer_add(
        event=f.fair(publish=False, employers=0), by=f.user, data={"employer": f.employer, "slot_count": 2}
    ),
    f"{J}.booking_create": lambda f: f.book(),
    f"{J}.speed_rotation_book": lambda f: jobfair_services.speed_rotation_book(
        event=f.fair(format="speed"), candidates=[f.candidate], by=f.user
    ),
    f"{J}.booking_update": lambda f: jobfair_services.booking_update(
        booking=f.book(), by=f.user, data={"cv_reviewed": True}
    ),
    f"{J}.booking_cancel": lambda f: jobfair_services.booking_cancel(booking=f.book(), by=f.user),
    f"{J}.booking_mark": lambda f: jobfair_services.booking_mark(booking=f.book(), to="mott", by=f.user),
    f"{J}.waiting_join": lambda f: f.wait(),
    f"{J}.waiting_withdraw": lambda f: jobfair_services.waiting_withdraw(entry=f.wait(), by=f.user),
    f"{J}.waiting_decline": lambda f: jobfair_services.waiting_decline(entry=f.offered(), by=f.user),
    f"{J}.waiting_accept": lambda f: jobfair_services.waiting_accept(entry=f.offered(), by=f.user),
    f"{J}.groups_form": lambda f: jobfair_services.groups_form(event=f.booked("gruppe").event, by=f.user),
    f"{J}.selection_record": lambda f: f.selected(),
    f"{J}.selection_withdraw": lambda f: jobfair_services.selection_withdraw(
        selection=f.selected(), by=f.user
    ),
    f"{J}.selection_to_placement": lambda f: f.selected(placement=True),
    f"{J}.dropin_visit_record": lambda f: jobfair_services.dropin_visit_record(
        event_employer=f.booked("dropin").slot.event_employer,
        participant=f.booked("dropin").participant,
        cv_handed_over=True,
        by=f.user,
    ),
    f"{J}.feedback_link_create": lambda f: jobfair_services.feedback_link_create(
        event_employer=f.fair().employers.first(), by=f.user, recipient_name="Per"
    ),
    f"{P}.enrolment_create": lambda f: f.enrol(),
    f"{P}.enrolment_advance": lambda f: project_services.enrolment_advance(
        enrolment=f.enrol(), by=f.user, on_date=timezone.localdate()
    ),
    f"{P}.enrolment_exit": lambda f: project_services.enrolment_exit(
        enrolment=f.enrol(), by=f.user, on_date=timezone.localdate(), reason="ordinary_work"
    ),
    f"{PL}.placement_create_draft": lambda f: placement_services.placement_create_draft(
        candidate=f.candidate, employer=f.employer, by=f.user
    ),
    f"{PL}.placement_update": lambda f: placement_services.placement_update(
        placement=f.placement(), by=f.user, tasks="Lager"
    ),
    f"{PL}.mentor_placements_create": lambda f: placement_services.mentor_placements_create(
        candidates=[f.candidate], employer=f.employer, mentor=f.person, by=f.user
    ),
    f"{PL}.follow_up_plan_apply": lambda f: placement_services.follow_up_plan_apply(
        placement=f.placement(), kind="manedlig", by=f.user
    ),
    f"{PL}.follow_up_plan_agree": lambda f: placement_services.follow_up_plan_agree(
        placement=f.placement(follow_up=True), by=f.user
    ),
    f"{PL}.placement_schedule_startup": lambda f: placement_services.placement_schedule_startup(
        placement=f.placement(), at=timezone.now(), by=f.user
    ),
    f"{PL}.placement_mark_ready": lambda f: placement_services.placement_mark_ready(
        placement=f.placement(follow_up=True, agreed=True), by=f.user
    ),
    f"{PL}.placement_start": lambda f: placement_services.placement_start(
        placement=f.placement(status="klar"),
        by=f.user,
        held_on=TODAY,
        goal="m",
        training="o",
        support="s",
        reception="r",
    ),
    f"{PL}.placement_end": lambda f: placement_services.placement_end(
        placement=f.placement(status="aktiv"), by=f.user, ended_on=TODAY, outcome="utdanning"
    ),
    f"{PL}.retention_checks_create": lambda f: placement_services.retention_checks_create(
        placement=f.placement(ended_on=TODAY), by=f.user
    ),
    f"{PL}.placement_cancel": lambda f: placement_services.placement_cancel(
        placement=f.placement(), by=f.user, reason="syk"
    ),
    f"{PL}.placement_change_end": lambda f: placement_services.placement_change_end(
        placement=f.placement(status="aktiv"),
        by=f.user,
        new_end=TODAY + datetime.timedelta(days=120),
        reason="Mer tid",
    ),
    f"{PL}.placement_handover": lambda f: placement_services.placement_handover(
        placement=f.placement(), to=None, by=f.user
    ),
    f"{PL}.follow_up_add": lambda f: placement_services.follow_up_add(
        placement=f.placement(), by=f.user, title="Samtale", due_on=TODAY
    ),
    f"{PL}.follow_up_update": lambda f: placement_services.follow_up_update(
        follow_up=f.placement(follow_up=True).follow_ups.get(),
        by=f.user,
        due_on=TODAY + datetime.timedelta(days=1),
    ),
    f"{PL}.follow_up_complete": lambda f: placement_services.follow_up_complete(
        follow_up=f.placement(follow_up=True).follow_ups.get(), by=f.user, done_on=TODAY
    ),
    f"{PL}.meeting_record_create": lambda f: placement_services.meeting_record_create(
        placement=f.placement(status="aktiv"), by=f.user, held_on=TODAY, attendees="Alle"
    ),
    f"{PL}.problem_report_create": lambda f: placement_services.problem_report_create(
        placement=f.placement(status="aktiv"), by=f.user, description="Sent"
    ),
    f"{PL}.problem_respond": lambda f: placement_services.problem_respond(
        problem=placement_services.ProblemReport.objects.create(
            placement=f.placement(status="aktiv"), reported_at=timezone.now(), description="Sent"
        ),
        by=f.user,
        response="Ringte",
    ),
    f"{PL}.rotation_add": lambda f: placement_services.rotation_add(
        placement=f.placement(status="aktiv"), by=f.user, employer=f.employer, start_on=TODAY, end_on=TODAY
    ),
}


class Fixtures:
    """The objects the calls change, made without services so only the call under test audits."""

    def __init__(self, user, office):
        self.user, self.office = user, office
        self.employer = EmployerFactory()
        self.person = ContactPerson.objects.create(employer=self.employer, name="Kari Kontakt")
        self.need = NeedFactory(employer=self.employer)
        self.open_need = NeedFactory(employer=self.employer, status="apen", opened_at=timezone.now())
        self.network = employer_services.Network.objects.create(name="N", county=county("34"))
        self.candidate = make_candidate(office=office, by=user)
        self.consent = candidate_services.Consent.objects.create(
            candidate=self.candidate,
            employer_orgnr="889640782",
            employer_name="Firma AS",
            purpose="behov",
            subject="Lager",
            given_on=TODAY,
            expires_on=TODAY + datetime.timedelta(days=30),
            recorded_by=user,
        )
        other_office = NavUnitFactory(unit_number="9402", name="NAV Annet", municipalities=["3405"])
        self.elsewhere = make_candidate(office=other_office, by=user)
        self.transfer = TransferRequest.objects.create(
            candidate=self.candidate, from_office=office, to_office=other_office, requested_by=user
        )
        self.project = ProjectFactory(status="aktiv", coordinator=user)
        MethodPhaseFactory(project=self.project, position=1)
        MethodPhaseFactory(project=self.project, position=2)
        self.goal = GoalFactory(project=self.project)
        self.risk = RiskFactory(project=self.project)

    def entry(self):
        """A list entry made without the service (so only the call under test audits)."""
        candidate_list = matching_services.candidate_list_get_or_create(need=self.open_need)
        return matching_services.ListEntry.objects.create(
            candidate_list=candidate_list, candidate=self.candidate, proposed_by=self.user, score=50
        )

    def fair(self, publish=True, employers=1, **extra):
        from tests.jobfairs.factories import make_event

        return make_event(
            by=self.user, offices=[self.office], employers=employers, slots=1, publish=publish, **extra
        )

    def book(self):
        slot = self.fair().slots.get()
        return jobfair_services.booking_create(slot=slot, candidate=self.candidate, by=self.user)

    def booked(self, fmt):
        """A booking at a fair of this format (made once per call of the CALLS entry)."""
        if getattr(self, "_booked", None) is None:
            slot = self.fair(format=fmt).slots.get()
            self._booked = jobfair_services.booking_create(slot=slot, candidate=self.candidate, by=self.user)
        return self._booked

    def selected(self, placement=False):
        booking = self.booked("gruppe")
        entry = booking.slot.event_employer
        selection = jobfair_services.selection_record(
            event=booking.event, participant=booking.participant, employers=[entry], by=self.user
        )
        if placement:
            return jobfair_services.selection_to_placement(selection=selection, employer=entry, by=self.user)
        return selection

    def wait(self):
        return jobfair_services.waiting_join(
            event_employer=self.fair().employers.get(), candidate=self.candidate, by=self.user
        )

    def offered(self):
        booking = self.book()
        other = make_candidate(office=self.office, by=self.user)
        entry = jobfair_services.waiting_join(
            event_employer=booking.slot.event_employer, candidate=other, by=self.user
        )
        jobfair_services.booking_cancel(booking=booking, by=self.user)
        entry.refresh_from_db()
        return entry

    def case(self, status):
        """A board case made without the service (so only the call under test audits)."""
        return matching_services.BoardCase.objects.create(
            candidate=self.candidate,
            office=self.office,
            county=county("34"),
            registered_by=self.user,
            employer_wanted="Lager",
            status=status,
            escalated_at=None if status == "lokalt" else timezone.now(),
        )

    def placement(self, *, status="utkast", follow_up=False, agreed=False, ended_on=None):
        """A placement made without the service (so only the call under test audits)."""
        placement = placement_services.Placement.objects.create(
            candidate=self.candidate,
            office=self.office,
            employer=self.employer,
            status=status,
            counsellor=self.user,
            planned_start=TODAY,
            planned_end=TODAY + datetime.timedelta(days=90),
            plan_agreed_on=TODAY if agreed else None,
            startup_scheduled_at=timezone.now() if agreed else None,
            startup_held_on=TODAY if status == "aktiv" else None,
            ended_on=ended_on,
        )
        if follow_up:
            placement_services.FollowUp.objects.create(placement=placement, title="Samtale", due_on=TODAY)
        return placement

    def enrol(self) -> Enrolment:
        return project_services.enrolment_create(
            project=self.project, candidate=self.candidate, by=self.user, enrolled_on=timezone.localdate()
        )


def test_every_service_with_by_has_a_call_here():
    assert set(services_taking_by()) == set(CALLS)


def test_every_service_types_by_as_a_user():
    for name, func in services_taking_by().items():
        parameter = inspect.signature(func).parameters["by"]
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, name
        assert parameter.annotation in (User, User | None), name


@pytest.mark.parametrize("name", sorted(CALLS))
def test_service_writes_an_audit_row_by_the_user(name, veileder, office):
    f = Fixtures(veileder, office)
    newest = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    CALLS[name](f)
    rows = AuditEntry.objects.filter(pk__gt=newest)
    assert rows.exists(), f"{name} wrote no audit row"
    assert all(row.user_id == veileder.pk for row in rows), name


def test_identity_fields_say_only_that_they_changed(veileder, office):
    candidate = make_candidate(office=office, by=veileder, first_name="Gammelnavn")
    candidate_services.candidate_update(
        candidate=candidate, by=veileder, first_name="Nyttnavn", benefit="aap"
    )
    entry = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(candidate), object_id=candidate.pk, action="update"
    ).get()
    assert {"field": "first_name", "identity": True} in entry.changes
    assert {"field": "benefit", "old": "ingen", "new": "aap"} in entry.changes
    assert "navn" not in json.dumps(entry.changes).replace("first_name", "")


def test_model_update_refuses_unknown_fields_and_skips_no_change(radgiver):
    employer = EmployerFactory()
    with pytest.raises(TypeError):
        model_update(employer, data={"orgnr": "1"}, fields={"name"}, by=radgiver)
    assert model_update(employer, data={"name": employer.name}, fields={"name"}, by=radgiver) == []
    assert not AuditEntry.objects.exists()
    assert model_update(employer, data={"name": "Nytt navn AS"}, fields={"name"}, by=radgiver) == ["name"]
    assert AuditEntry.objects.get().changes[0]["new"] == "Nytt navn AS"


def test_the_audit_trail_is_insert_only(radgiver):
    employer = EmployerFactory()
    employer_services.employer_update(employer=employer, by=radgiver, inclusion_notes="x")
    entry = AuditEntry.objects.get()
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="delete")


def test_pages_show_who_changed_which_fields(client_for, radgiver):
    employer = EmployerFactory(municipality=municipality())
    employer_services.employer_update(employer=employer, by=radgiver, inclusion_notes="Ny merknad")
    page = client_for(radgiver).get(reverse("employers:employer_detail", args=[employer.pk])).content.decode()
    history = page.split("Endringshistorikk")[1]
    assert radgiver.display_name in history
    assert "Ny merknad" not in history  # fields, not values


def test_audit_history_reads_an_objects_parts_through_the_index(radgiver):
    """The parts' ids go in as ARRAY(subquery), which PostgreSQL runs once and probes the
    (content type, object id) index with; `IN (subquery)` inside the OR scanned the whole trail."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.selectors import audit_history

    employer, other = EmployerFactory(), EmployerFactory()
    mine = ContactPerson.objects.create(employer=employer, name="Mona")
    theirs = ContactPerson.objects.create(employer=other, name="Ola")
    content_type = ContentType.objects.get_for_model(ContactPerson)
    for person in (mine, theirs):
        AuditEntry.objects.create(
            content_type=content_type, object_id=person.pk, action="update", changes=[], user=radgiver
        )
    with CaptureQueriesContext(connection) as ctx:
        entries = audit_history(employer, employer.contact_persons.all())
    assert [e.object_id for e in entries if e.content_type_id == content_type.pk] == [mine.pk]
    assert "= ANY(ARRAY(" in ctx.captured_queries[-1]["sql"]
