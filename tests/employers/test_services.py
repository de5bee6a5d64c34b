import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Role
from core.models import Notification
from employers import services
from employers.models import ContactLogEntry, Need, NeedEvent
from tests.factories import NavUnitFactory, user_with_role

from .factories import EmployerFactory, NeedFactory, municipality, valid_orgnr

pytestmark = pytest.mark.django_db


def test_employer_create_validates_orgnr_and_defaults_direct_line(radgiver):
    radgiver.phone = "99 88 77 66"
    radgiver.save()
    with pytest.raises(ValidationError) as exc:
        services.employer_create(by=radgiver, orgnr="988077918", name="Feil AS", municipality=municipality())
    assert "kontrollsifferet" in str(exc.value)
    employer = services.employer_create(
        by=radgiver,
        orgnr="988 077 917",
        name="Riktig AS",
        municipality=municipality(),
        primary_contact=radgiver,
    )
    assert employer.orgnr == "988077917"
    assert employer.county.code == "34"
    assert employer.primary_contact_phone == "99 88 77 66"
    assert employer.primary_contact_email == radgiver.email
    with pytest.raises(ValidationError):
        services.employer_create(by=radgiver, orgnr="988077917", name="Igjen AS", municipality=municipality())


def test_contact_log_moves_last_contact_and_visit_but_not_for_planned(radgiver):
    employer = EmployerFactory()
    past = timezone.now() - datetime.timedelta(days=3)
    services.contact_log_create(
        employer=employer, by=radgiver, occurred_at=past, channel="besok", purpose="Besøk"
    )
    employer.refresh_from_db()
    assert employer.last_contact_at == past
    assert employer.last_visit_on == timezone.localdate(past)
    services.contact_log_create(
        employer=employer,
        by=radgiver,
        occurred_at=timezone.now() + datetime.timedelta(days=2),
        channel="mote",
        purpose="Plan",
    )
    employer.refresh_from_db()
    assert employer.last_contact_at == past
    assert ContactLogEntry.objects.filter(employer=employer).count() == 2


def test_need_state_machine_and_history(radgiver):
    need = services.need_create(employer=EmployerFactory(), by=radgiver, title="Kokk", tasks="Lage mat")
    assert need.status == Need.Status.DRAFT
    with pytest.raises(services.TransitionError):
        services.need_fill(need=need, by=radgiver)
    services.need_open(need=need, by=radgiver)
    assert need.opened_at is not None
    services.need_fill(need=need, by=radgiver, note="Kandidat ansatt")
    with pytest.raises(services.TransitionError):
        services.need_close(need=need, by=radgiver)
    with pytest.raises(services.TransitionError):
        services.need_update(need=need, by=radgiver, title="Ny")
    history = list(NeedEvent.objects.filter(need=need).values_list("from_status", "to_status", "by"))
    assert history == [
        ("", "utkast", radgiver.pk),
        ("utkast", "apen", radgiver.pk),
        ("apen", "besatt", radgiver.pk),
    ]


def test_transition_table_is_complete():
    assert set(services.NEED_TRANSITIONS) == set(Need.Status.values)
    for targets in services.NEED_TRANSITIONS.values():
        assert targets <= set(services.NEED_TRANSITION_FUNCTIONS)


def test_opening_notifies_counsellors_in_the_county_once(
    radgiver, veileder, other_veileder, django_capture_on_commit_callbacks
):
    unit_same_county = NavUnitFactory(unit_number="9403", name="NAV Testløten")
    colleague = user_with_role(Role.VEILEDER, unit_same_county, username="t-veileder3")
    need = NeedFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.need_open(need=need, by=radgiver)
    notified = set(
        Notification.objects.filter(dedupe_key=f"need-opened:{need.pk}").values_list("user", flat=True)
    )
    assert notified == {veileder.pk, colleague.pk}
    assert services.need_notify_counsellors(need_id=need.pk) == 2
    assert Notification.objects.filter(dedupe_key=f"need-opened:{need.pk}").count() == 2


def test_need_facilitation_keeps_only_known_codes(radgiver):
    need = services.need_create(
        employer=EmployerFactory(),
        by=radgiver,
        title="Kokk",
        tasks="Mat",
        facilitation=["fysisk:ergonomi", "fysisk:diagnose", "arbeidstid:fleksibel"],
    )
    assert need.facilitation == ["arbeidstid:fleksibel", "fysisk:ergonomi"]


def test_network_meeting_attendance_only_members(radgiver):
    members = [EmployerFactory(), EmployerFactory()]
    outsider = EmployerFactory()
    network = services.network_create(by=radgiver, name="Nettverk", county=members[0].county, members=members)
    meeting = services.network_meeting_create(
        network=network,
        by=radgiver,
        date=datetime.date(2026, 1, 5),
        topic="Mentor",
        attendees=[members[0], outsider],
    )
    assert list(meeting.attendees.all()) == [members[0]]


def test_valid_orgnr_factory():
    from core.validators import is_valid_orgnr

    assert all(is_valid_orgnr(valid_orgnr()) for _ in range(50))
