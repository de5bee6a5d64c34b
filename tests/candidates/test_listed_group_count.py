"""The listed profiles per municipality and age band, kept by triggers (migration 0014): the
anonymised views' k-anonymity check (a municipality is shown only for groups of at least
MUNICIPALITY_MIN_GROUP) without reading the groups' profiles on every page (issue 16). The counters
must equal a real count after whatever changes a profile's `listed`, municipality or age band."""

import pytest
from django.db.models import Count

from candidates import selectors, services
from candidates.models import CandidateProfile, ListedGroupCount
from core.models import Municipality
from tests.candidates.factories import make_candidate

pytestmark = pytest.mark.django_db


def assert_counters_exact():
    real = {
        (m, band): n
        for m, band, n in CandidateProfile.objects.filter(listed=True, municipality__isnull=False)
        .values_list("municipality_id", "age_band")
        .annotate(n=Count("pk"))
        .order_by()
    }
    kept = {
        (m, band): n
        for m, band, n in ListedGroupCount.objects.values_list("municipality_id", "age_band", "listed")
        if n
    }
    assert kept == real


def test_counters_follow_inserts_updates_and_deletes(office, veileder):
    a = make_candidate(office=office, by=veileder)
    b = make_candidate(office=office, by=veileder)
    c = make_candidate(office=office, by=veileder)
    assert_counters_exact()
    services.follow_up_end(candidate=a, by=veileder)  # an ended follow-up is unlisted
    assert_counters_exact()
    profile = c.profile
    other = Municipality.objects.exclude(pk=profile.municipality_id).first()
    CandidateProfile.objects.filter(candidate=b).update(municipality=other)  # moves between groups
    assert_counters_exact()
    band = "25_29" if profile.age_band != "25_29" else "20_24"
    CandidateProfile.objects.filter(candidate=c).update(age_band=band)  # a birthday: another group
    assert_counters_exact()
    CandidateProfile.objects.filter(listed=True).update(listed=True)  # no change, no drift
    assert_counters_exact()
    services.candidate_erase(candidate=b, reason="test", by=veileder)
    CandidateProfile.objects.filter(candidate=a).delete()
    assert_counters_exact()


def test_small_groups_are_decided_from_the_counters(office, veileder):
    candidates = [make_candidate(office=office, by=veileder) for _ in range(selectors.MUNICIPALITY_MIN_GROUP)]
    profile = candidates[0].profile
    CandidateProfile.objects.filter(candidate__in=candidates).update(
        municipality=profile.municipality, age_band=profile.age_band
    )
    row = {"municipality_id": profile.municipality_id, "age_band": profile.age_band}
    hidden, names = selectors._small_groups([row])
    assert not hidden and names == {profile.municipality_id: profile.municipality.name}
    services.follow_up_end(candidate=candidates[1], by=veileder)  # one fewer than the minimum
    hidden, _names = selectors._small_groups([row])
    assert hidden == {(profile.municipality_id, profile.age_band)}
