"""Consent bound to the register's employer and need; the one gate through which identity reaches
an employer checks employer, need, deadline and revocation, and logs every opening."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from candidates import selectors, services
from candidates.models import AccessLogEntry, Consent
from tests.candidates.factories import make_consent
from tests.employers.factories import EmployerFactory, NeedFactory, valid_orgnr

pytestmark = pytest.mark.django_db


def _opens(candidate, by, **kwargs):
    return selectors.candidate_identity_for_employer(candidate=candidate, by=by, **kwargs)


def _employer_log(candidate):
    return AccessLogEntry.objects.filter(candidate=candidate, page=AccessLogEntry.Page.EMPLOYER)


def test_consent_is_linked_to_the_registered_employer_and_its_need(veileder, own_candidate):
    need = NeedFactory(title="Lagermedarbeider")
    consent = make_consent(
        candidate=own_candidate,
        by=veileder,
        orgnr=need.employer.orgnr,
        need=need,
        purpose="behov",
        subject="",
    )
    assert (consent.employer, consent.need, consent.subject) == (need.employer, need, "Lagermedarbeider")
    unknown = make_consent(candidate=own_candidate, by=veileder, orgnr=valid_orgnr())
    assert unknown.employer is None and list(selectors.consents_without_employer()) == [unknown]
    other_need = NeedFactory()
    with pytest.raises(ValidationError) as error:
        make_consent(candidate=own_candidate, by=veileder, orgnr=need.employer.orgnr, need=other_need)
    assert "Behovet tilhører en annen arbeidsgiver" in str(error.value)
    with pytest.raises(ValidationError):
        make_consent(candidate=own_candidate, by=veileder, purpose="fritekst")


def test_gate_writes_one_access_log_row_per_opening(veileder, own_candidate):
    need = NeedFactory()
    consent = make_consent(candidate=own_candidate, by=veileder, orgnr=need.employer.orgnr, need=need)
    for expected in (1, 2):
        shared = _opens(own_candidate, veileder, need=need)
        assert shared == {
            "name": own_candidate.full_name,
            "phone": own_candidate.phone,
            "email": own_candidate.email,
        }
        rows = list(_employer_log(own_candidate))
        assert len(rows) == expected
        assert (rows[0].user, rows[0].consent) == (veileder, consent)


def test_gate_refuses_expired_revoked_other_employer_and_other_need(veileder, own_candidate):
    need = NeedFactory()
    employer = need.employer
    other_need = NeedFactory(employer=employer)
    other_employer = EmployerFactory()
    consent = make_consent(candidate=own_candidate, by=veileder, orgnr=employer.orgnr, need=need, days=10)
    later = timezone.localdate() + datetime.timedelta(days=11)
    assert _opens(own_candidate, veileder, need=need) is not None
    refused = [
        _opens(own_candidate, veileder, need=need, on=later),  # expired
        _opens(own_candidate, veileder, need=other_need),  # other need of the same employer
        _opens(own_candidate, veileder, employer=employer),  # no need: the consent names one
        _opens(own_candidate, veileder, employer=other_employer),  # other employer
        _opens(own_candidate, veileder, employer=other_employer, need=need),  # need of another employer
        _opens(own_candidate, veileder, employer_orgnr=other_employer.orgnr),
    ]
    services.consent_revoke(consent=consent, by=veileder)
    refused.append(_opens(own_candidate, veileder, need=need))  # revoked
    assert refused == [None] * len(refused)
    assert _employer_log(own_candidate).count() == 1  # only the one opening


def test_unlinked_consent_is_valid_as_text_until_linked(veileder, own_candidate):
    orgnr = valid_orgnr()
    make_consent(candidate=own_candidate, by=veileder, orgnr=orgnr)
    assert _opens(own_candidate, veileder, employer_orgnr=orgnr) is not None
    employer = EmployerFactory(orgnr=orgnr)
    assert services.consents_link_employers() == 1
    assert Consent.objects.get(employer_orgnr=orgnr).employer == employer
    assert _opens(own_candidate, veileder, employer=employer) is not None
    assert list(selectors.consents_without_employer()) == []


def test_consent_form_binds_a_need(client_for, veileder, own_candidate):
    need = NeedFactory(
        municipality=own_candidate.profile.municipality, status="apen", opened_at=timezone.now()
    )
    need.county_id = own_candidate.profile.county_id
    need.save()
    url = reverse("candidates:consent_create", kwargs={"pk": own_candidate.pk})
    client = client_for(veileder)
    assert need.title in client.get(url).content.decode()
    data = {
        "employer_orgnr": need.employer.orgnr,
        "employer_name": need.employer.name,
        "purpose": "behov",
        "need": need.pk,
        "given_on": "2026-02-01",
        "expires_on": "2026-03-01",
        "confirmed": "on",
    }
    assert client.post(url, data).status_code == 302
    consent = own_candidate.consents.get()
    assert (consent.employer, consent.need, consent.subject) == (need.employer, need, need.title)
    response = client.post(url, {**data, "employer_orgnr": valid_orgnr()})
    assert (
        response.status_code == 200 and "Behovet tilhører en annen arbeidsgiver" in response.content.decode()
    )


def test_admin_lists_consents_without_employer(client_for, admin_user, veileder, own_candidate):
    linked_employer = EmployerFactory()
    make_consent(
        candidate=own_candidate, by=veileder, orgnr=linked_employer.orgnr, subject="Lagerjobb i registeret"
    )
    make_consent(candidate=own_candidate, by=veileder, orgnr=valid_orgnr(), subject="Ukjent")
    response = client_for(admin_user).get(
        reverse("admin:candidates_consent_changelist") + "?uten_arbeidsgiver=1"
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Samtykker uten arbeidsgiver" in text and "Ukjent" in text and "Lagerjobb i registeret" not in text
    assert own_candidate.first_name not in text and own_candidate.fodselsnummer not in text


def test_cohort_employer_is_linked_to_the_register(koordinator):
    from projects import services as project_services
    from tests.projects.factories import CohortFactory

    employer = EmployerFactory()
    cohort = CohortFactory()
    linked = project_services.cohort_employer_add(
        cohort=cohort, by=koordinator, orgnr=employer.orgnr, name="X"
    )
    unknown = project_services.cohort_employer_add(
        cohort=cohort, by=koordinator, orgnr=valid_orgnr(), name="Y"
    )
    assert (linked.employer, unknown.employer) == (employer, None)
