"""Acceptance: the retention job anonymises exactly the expired candidates and is idempotent;
an admin can erase one candidate on request, also twice."""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse
from django.utils import timezone

from candidates import services
from candidates.models import Candidate, FacilitationNeed, RetentionLog
from candidates.tasks import retention_sweep
from tests.candidates.factories import make_candidate

pytestmark = pytest.mark.django_db


def _ended(office, by, *, days_ago):
    candidate = make_candidate(office=office, by=by, notes="Intern merknad")
    services.facilitation_need_set(candidate=candidate, by=by, category="arbeidstid", values=["fleksibel"])
    services.follow_up_end(
        candidate=candidate, by=by, on_date=timezone.localdate() - datetime.timedelta(days=days_ago)
    )
    return candidate


def test_retention_erases_exactly_the_expired_and_is_idempotent(office, veileder, settings):
    settings.CANDIDATE_RETENTION_MONTHS = 12
    expired = _ended(office, veileder, days_ago=400)
    long_expired = _ended(office, veileder, days_ago=900)
    recent = _ended(office, veileder, days_ago=300)
    active = make_candidate(office=office, by=veileder)

    assert retention_sweep.delay().get() == 2
    assert retention_sweep.delay().get() == 0  # second run: nothing left, nothing logged twice

    for candidate in (expired, long_expired):
        candidate.refresh_from_db()
        assert candidate.erased_at is not None
        assert candidate.fodselsnummer is None
        assert (
            candidate.first_name,
            candidate.last_name,
            candidate.phone,
            candidate.email,
            candidate.notes,
        ) == (
            "",
            "",
            "",
            "",
            "",
        )
        assert candidate.birth_date is None
        # What statistics need survives without identity.
        assert candidate.innsatsgruppe and candidate.office_id == office.pk
        assert candidate.follow_up_ended_on is not None
        candidate.profile.refresh_from_db()
        assert candidate.profile.age_band and candidate.profile.county_id
        assert candidate.profile.facilitation_codes == []
        assert not FacilitationNeed.objects.filter(candidate=candidate).exists()
    for candidate in (recent, active):
        candidate.refresh_from_db()
        assert candidate.erased_at is None and candidate.fodselsnummer
    assert RetentionLog.objects.filter(reason="retention").count() == 2


def test_retention_period_is_a_setting(office, veileder, settings):
    candidate = _ended(office, veileder, days_ago=100)
    settings.CANDIDATE_RETENTION_MONTHS = 3
    assert services.candidates_erase_expired() == 1
    candidate.refresh_from_db()
    assert candidate.erased_at is not None


def test_erased_candidate_disappears_from_every_list(client_for, office, veileder, radgiver):
    candidate = _ended(office, veileder, days_ago=500)
    services.candidates_erase_expired()
    assert (
        client_for(veileder).get(reverse("candidates:detail", kwargs={"pk": candidate.pk})).status_code == 404
    )
    content = client_for(radgiver).get(reverse("candidates:profiles")).content.decode()
    assert candidate.profile.code not in content


def test_admin_erases_on_request_twice_safely(client_for, admin_user, office, veileder):
    candidate = make_candidate(office=office, by=veileder)
    client = client_for(admin_user)
    url = reverse("admin:candidates_candidate_changelist")
    for _ in range(2):
        response = client.post(url, {"action": "erase_on_request", "_selected_action": [candidate.pk]})
        assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.erased_at is not None and candidate.fodselsnummer is None
    log = RetentionLog.objects.get(candidate=candidate)
    assert (log.reason, log.erased_by) == ("request", admin_user)


def test_only_admins_erase(veileder, admin_user):
    from accounts.access import can

    assert can(admin_user, "candidates.erase")
    assert not can(veileder, "candidates.erase")


def test_admin_shows_no_identity(client_for, admin_user, office, veileder):
    candidate = make_candidate(office=office, by=veileder)
    client = client_for(admin_user)
    pages = [
        client.get(reverse("admin:candidates_candidate_changelist")),
        client.get(reverse("admin:candidates_candidate_change", args=[candidate.pk])),
    ]
    for response in pages:
        content = response.content.decode()
        assert response.status_code == 200
        assert candidate.fodselsnummer not in content and candidate.last_name not in content
    model_admin = site._registry[Candidate]
    assert "fodselsnummer" not in model_admin.fields
