"""Free places at upcoming job fairs in the candidate's «Forslag» (issue 11): jobfairs offers them
to matching as a ranking source (matching/sources.py), scored and explained like open needs."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import County
from jobfairs import selectors, services
from matching import scoring, sources
from matching import selectors as matching_selectors
from matching.models import TravelPreference
from tests.employers.factories import NeedFactory
from tests.matching.conftest import occupation, set_profile

from .factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop_worker(candidate, veileder):
    set_profile(candidate, veileder, wishes=["5223"], competence="Kasse og varepåfylling", extents=["deltid"])
    return candidate


def places(user, candidate, **kwargs):
    return [
        s
        for s in matching_selectors.candidate_suggestions(user=user, candidate=candidate, **kwargs)
        if s.place
    ]


def test_the_jobfairs_source_is_registered():
    assert sources._SOURCES["jobfairs"] is selectors.jobfair_places


def test_free_places_at_an_upcoming_fair_are_ranked_and_explained(event, shop_worker, veileder):
    found = places(veileder, shop_worker)
    assert sorted(s.place.title for s in found) == sorted(
        f"{e.employer.name} – Lager" for e in event.employers.all()
    )
    for s in found:
        assert s.place.kind == "Jobbmesse"
        assert "4 ledige intervjuplasser" in s.place.detail
        assert s.place.url.startswith(reverse("jobfairs:book", args=[event.pk]))
        assert f"kandidat={shop_worker.pk}" in s.place.url
        assert sum(line.points for line in s.lines) == s.score
        assert s.meets


def test_a_place_named_after_a_need_scores_as_that_need(event, shop_worker, veileder):
    entry = event.employers.order_by("pk").first()
    need = NeedFactory(
        employer=entry.employer, title="Butikkmedarbeider", occupation=occupation("5223"), extent="deltid"
    )
    entry.need = need
    entry.save(update_fields=["need"])
    found = {s.place.key: s for s in places(veileder, shop_worker)}
    place = next(s for s in found.values() if s.place.key.endswith(f"{entry.pk:09d}"))
    pf = matching_selectors.profile_facts_for(shop_worker.profile.pk)
    expected = scoring.match(pf, matching_selectors.need_facts_for(need))
    assert place.score == expected.score
    assert "Samme yrke (STYRK 5223)" in [line.text for line in place.lines]
    # The booking page ranks the fair's employers with the same facts, so the scores agree.
    rows = {r.entry.pk: r for r in selectors.ranked_employers(event=event, candidate=shop_worker)}
    assert rows[entry.pk].score == place.score


def test_an_unnamed_place_lacks_no_extent(event, shop_worker, veileder):
    for s in places(veileder, shop_worker):
        assert "Mangler: ønsker et annet omfang" not in [line.text for line in s.lines]


def test_full_booked_draft_closed_and_far_away_places_are_left_out(
    markedskoordinator, office, shop_worker, veileder
):
    today = timezone.localdate()
    full = make_event(by=markedskoordinator, offices=[office], employers=1, slots=1)
    other = make_candidate_in_office(office, veileder)
    services.booking_create(slot=full.slots.get(), candidate=other, by=veileder)
    make_event(by=markedskoordinator, offices=[office], employers=1, publish=False, title="Utkast")
    late = make_event(by=markedskoordinator, offices=[office], employers=1, days_ahead=2)
    assert late.booking_deadline < today
    oslo = make_event(
        by=markedskoordinator, offices=[office], employers=1, county=County.objects.get(code="03")
    )
    assert places(veileder, shop_worker) == []
    # Willing to travel to Oslo: the Oslo fair's place is offered.
    pref = TravelPreference.objects.create(profile=shop_worker.profile)
    pref.counties.add(County.objects.get(code="03"))
    found = places(veileder, shop_worker)
    assert [s.place.url.split("?")[0] for s in found] == [reverse("jobfairs:book", args=[oslo.pk])]


def test_a_place_the_candidate_has_booked_is_not_offered_again(event, slots, shop_worker, veileder):
    services.booking_create(slot=slots[0][0], candidate=shop_worker, by=veileder)
    found = places(veileder, shop_worker)
    assert len(found) == 1
    assert found[0].place.key.endswith(f"{slots[1][0].event_employer_id:09d}")


def test_places_merge_with_needs_by_score_and_page_exactly(event, shop_worker, veileder, office):
    from tests.employers.factories import EmployerFactory, municipality

    employer = EmployerFactory(municipality=municipality("3403"))
    strong = NeedFactory(
        employer=employer,
        title="Butikkmedarbeider",
        occupation=occupation("5223"),
        extent="deltid",
        status="apen",
        opened_at=timezone.now(),
    )
    weak = NeedFactory(
        employer=employer,
        title="Sveiser",
        occupation=occupation("7212"),
        status="apen",
        opened_at=timezone.now(),
    )
    everything = matching_selectors.candidate_suggestions(user=veileder, candidate=shop_worker, top=20)
    keys = [(not s.meets, -s.score) for s in everything]
    assert keys == sorted(keys)
    assert everything[0].need == strong
    assert {s.need for s in everything if s.need} == {strong, weak}
    assert sum(1 for s in everything if s.place) == 2
    # Pages cut the merged order: page two starts where page one ends.
    first = matching_selectors.candidate_suggestions(user=veileder, candidate=shop_worker, top=2)
    second = matching_selectors.candidate_suggestions(user=veileder, candidate=shop_worker, top=2, offset=2)
    ident = [(s.need.pk if s.need else s.place.key) for s in everything]
    assert [(s.need.pk if s.need else s.place.key) for s in first + second] == ident[:4]


def test_the_forslag_page_shows_a_fair_place_with_a_booking_link(event, shop_worker, veileder, client_for):
    html = (
        client_for(veileder)
        .get(reverse("matching:candidate_suggestions", args=[shop_worker.pk]))
        .content.decode()
    )
    assert "Jobbmesse" in html
    assert reverse("jobfairs:book", args=[event.pk]) in html
    assert "Book" in html


def test_the_source_reads_in_fixed_queries(
    django_assert_num_queries, markedskoordinator, office, shop_worker, veileder
):
    today = timezone.localdate()
    pf = matching_selectors.profile_facts_for(shop_worker.profile.pk)
    make_event(by=markedskoordinator, offices=[office], employers=2)
    selectors.jobfair_places(
        user=veileder, candidate=shop_worker, profile=pf, today=today
    )  # memberships cached
    with django_assert_num_queries(2):
        assert (
            len(selectors.jobfair_places(user=veileder, candidate=shop_worker, profile=pf, today=today)) == 2
        )
    make_event(by=markedskoordinator, offices=[office], employers=3, days_ahead=20)
    with django_assert_num_queries(2):
        assert (
            len(selectors.jobfair_places(user=veileder, candidate=shop_worker, profile=pf, today=today)) == 5
        )


def make_candidate_in_office(office, by):
    from tests.candidates.factories import make_candidate

    return make_candidate(office=office, by=by)
