"""The listed profiles per county, kept by triggers (migration 0012): the profile list's exact total
without counting the table on every request (issue 16). The counters must equal a real count
after whatever changes a profile's `listed` or county."""

import pytest
from django.db.models import Count
from django.urls import reverse

from candidates import selectors, services
from candidates.models import CandidateProfile, ListedProfileCount
from core.models import County
from tests.candidates.factories import make_candidate

pytestmark = pytest.mark.django_db


def assert_counters_exact():
    real = dict(
        CandidateProfile.objects.filter(listed=True)
        .values_list("county_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    kept = {c: n for c, n in ListedProfileCount.objects.values_list("county_id", "listed") if n}
    assert kept == real


def test_counters_follow_inserts_updates_and_deletes(office, veileder):
    before = (
        ListedProfileCount.objects.filter(county=office.county).values_list("listed", flat=True).first() or 0
    )
    a = make_candidate(office=office, by=veileder)
    b = make_candidate(office=office, by=veileder)
    make_candidate(office=office, by=veileder)
    assert_counters_exact()
    assert ListedProfileCount.objects.get(county=office.county).listed == before + 3
    services.follow_up_end(candidate=a, by=veileder)  # an ended follow-up is unlisted
    assert_counters_exact()
    other = County.objects.exclude(pk=office.county_id).first()
    CandidateProfile.objects.filter(candidate=b).update(county=other)  # moves between counters
    assert_counters_exact()
    CandidateProfile.objects.filter(listed=True).update(listed=True)  # no change, no drift
    assert_counters_exact()
    services.candidate_erase(candidate=b, reason="test", by=veileder)
    CandidateProfile.objects.filter(candidate=a).delete()
    assert_counters_exact()


def test_profile_list_total_is_exact_and_filters_fall_back_to_counting(office, veileder, radgiver):
    for _ in range(3):
        make_candidate(office=office, by=veileder)
    listed = CandidateProfile.objects.filter(listed=True)
    assert selectors.profile_list_total(user=radgiver) == listed.count()
    code = office.county.code
    assert (
        selectors.profile_list_total(user=radgiver, county=code) == listed.filter(county__code=code).count()
    )
    assert selectors.profile_list_total(user=radgiver, age_band="20_24") is None
    for user in (radgiver, veileder):  # the same rows as the list's scope, whoever asks
        assert selectors.profile_list_total(user=user) == selectors.profile_list(user=user).count()


def test_the_list_shows_the_new_total(client_for, office, veileder, radgiver):
    make_candidate(office=office, by=veileder)
    c = client_for(radgiver)
    url = reverse("candidates:profiles")
    n = CandidateProfile.objects.filter(listed=True).count()
    assert f"Viser 1–{n} av {n}" in c.get(url).content.decode()
    make_candidate(office=office, by=veileder)
    assert f"Viser 1–{n + 1} av {n + 1}" in c.get(url).content.decode()
