"""The candidates per office, kept by triggers (migration 0013): «Mine kandidater»'s exact total
without counting the office's candidates on every request (issue 16). The counters must equal a
real count after whatever changes a candidate's office or erasure."""

import pytest
from django.db.models import Count
from django.urls import reverse

from candidates import selectors, services
from candidates.models import Candidate, OfficeCandidateCount
from tests.candidates.factories import make_candidate

pytestmark = pytest.mark.django_db


def assert_counters_exact():
    real = dict(
        Candidate.objects.filter(erased_at__isnull=True)
        .values_list("office_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    kept = {o: n for o, n in OfficeCandidateCount.objects.values_list("office_id", "candidates") if n}
    assert kept == real


def test_counters_follow_inserts_updates_erasure_and_deletes(office, other_office, veileder):
    a = make_candidate(office=office, by=veileder)
    b = make_candidate(office=office, by=veileder)
    make_candidate(office=office, by=veileder)
    assert_counters_exact()
    Candidate.objects.filter(pk=a.pk).update(office=other_office)  # moves between counters
    assert_counters_exact()
    Candidate.objects.all().update(last_name="Uendret")  # no change of office or erasure, no drift
    assert_counters_exact()
    services.candidate_erase(candidate=b, reason="test", by=veileder)
    assert_counters_exact()


def test_the_total_is_exact_and_filters_fall_back_to_counting(office, veileder):
    for _ in range(3):
        make_candidate(office=office, by=veileder)
    assert selectors.candidate_list_total(user=veileder) == selectors.candidate_list(user=veileder).count()
    assert selectors.candidate_list_total(user=veileder, status="aktiv") is None
    assert selectors.candidate_list_total(user=veileder, q="", mine=False) is not None


def test_the_list_shows_the_new_total(client_for, office, veileder):
    c = client_for(veileder)
    url = reverse("candidates:list")
    make_candidate(office=office, by=veileder)
    n = selectors.candidate_list(user=veileder).count()
    assert f"{n} kandidat" in c.get(url).content.decode()
    erased = make_candidate(office=office, by=veileder)
    make_candidate(office=office, by=veileder)
    services.candidate_erase(candidate=erased, reason="test", by=veileder)
    assert f"{n + 1} kandidat" in c.get(url).content.decode()
