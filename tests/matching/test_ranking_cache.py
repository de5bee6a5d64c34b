"""The cached ranking of profiles for a need (matching/ranking_cache.py) against the real database:
it answers exactly what the ranking answers, from one statement when nothing it reads has changed,
and recomputes after every kind of write that could change the answer (the trigger on the match
table), including writes that bypass the signals and writes of profiles travelling to the county."""

import datetime

import pytest
from django.db import connection, transaction
from django.utils import timezone

from candidates import services as candidate_services
from core.models import County
from employers.models import Need
from matching import indexing, ranking, ranking_cache, services
from matching.models import ProfileTermsChange, RankingCache
from tests.candidates.factories import make_candidate

pytestmark = pytest.mark.django_db


def facts(need: Need):
    return indexing.need_facts(Need.objects.filter(pk=need.pk).values(*indexing.NEED_FIELDS))[0]


def ranked(need, **kwargs):
    """The cached answer, checked against the uncached ranking of the same moment."""
    f = facts(need)
    got = ranking_cache.rank_profiles(f, **kwargs)
    assert got == ranking.rank_profiles(f, **kwargs)
    return [r.pk for r in got]


def test_a_repeated_ranking_is_one_statement(need, make, django_assert_num_queries):
    a, b = make(wishes=["5223"]), make(wishes=["5221"])
    assert ranked(need) == [a.profile.pk, b.profile.pk]
    f = facts(need)
    with django_assert_num_queries(1):
        again = ranking_cache.rank_profiles(f)
    assert [r.pk for r in again] == [a.profile.pk, b.profile.pk]
    assert [r.components for r in again] == [r.components for r in ranking.rank_profiles(f)]
    # Pages, the ranking without the hard filters and the panel's top 5 are entries of their own.
    ranked(need, top=1, offset=1)
    ranked(need, strict=False)
    ranked(need, top=5)
    assert RankingCache.objects.count() == 4


def test_a_changed_profile_of_the_county_is_seen_at_once(need, make):
    a, b = make(wishes=["5223"]), make(wishes=["5221"])
    assert ranked(need) == [a.profile.pk, b.profile.pk]
    make(wishes=["5223"], competence="Kasse og kundeservice")  # a new, better profile
    assert len(ranked(need)) == 3
    # A profile edited through the services (signal, upsert of its match row).
    from tests.matching.conftest import set_profile

    set_profile(b, b.counsellor, wishes=["5223"], competence="Kasse, kundeservice og varepåfylling")
    assert ranked(need)[0] == b.profile.pk


def test_an_unlisted_profile_leaves_at_once(need, make, veileder):
    """Ending follow-up unlists the profile with UPDATE … WHERE (no signal): the profile table's
    trigger writes the match row, and the match row's trigger records the change."""
    a, b = make(wishes=["5223"]), make(wishes=["5221"])
    assert ranked(need) == [a.profile.pk, b.profile.pk]
    candidate_services.follow_up_end(candidate=a, by=veileder)
    assert ranked(need) == [b.profile.pk]


def test_a_deleted_profile_leaves_at_once(need, make):
    a, b = make(wishes=["5223"]), make(wishes=["5221"])
    assert ranked(need) == [a.profile.pk, b.profile.pk]
    a.profile.delete()
    assert ranked(need) == [b.profile.pk]


def test_profiles_travelling_to_the_county_count(need, make, other_office, other_veileder):
    a = make(wishes=["5221"])
    traveller = make_candidate(office=other_office, by=other_veileder)
    assert ranked(need) == [a.profile.pk]
    services.travel_preference_set(
        profile=traveller.profile, counties=[County.objects.get(code="34")], by=other_veileder
    )
    assert traveller.profile.pk in ranked(need)
    # And back: it no longer travels there (the old row named the county).
    services.travel_preference_set(profile=traveller.profile, counties=[], by=other_veileder)
    assert ranked(need) == [a.profile.pk]


def test_other_counties_keep_the_entry_but_not_the_national_ranking(
    need, make, other_office, other_veileder, django_assert_num_queries
):
    a = make(wishes=["5223"])
    far = make_candidate(office=other_office, by=other_veileder)
    assert ranked(need) == [a.profile.pk]
    ranked(need, strict=False)
    from tests.matching.conftest import set_profile

    set_profile(far, other_veileder, wishes=["5223"], competence="Kasse")
    f = facts(need)
    with django_assert_num_queries(1):  # the strict ranking reads nothing of that county
        assert [r.pk for r in ranking_cache.rank_profiles(f)] == [a.profile.pk]
    assert far.profile.pk in ranked(need, strict=False)  # the national one does


def test_the_need_s_facts_are_the_key(need, make):
    a = make(wishes=["5223"])
    b = make(wishes=["4321"])
    assert ranked(need)[0] == a.profile.pk
    from tests.matching.conftest import occupation

    need.occupation = occupation("4321")
    need.save()
    assert ranked(need)[0] == b.profile.pk


def test_an_age_limit_is_checked_on_the_day(need):
    """Age limits are checked on the need's start date, or today: the day is in the key only
    when the need has an age limit and no start date (a new entry each day), else not."""

    def keys():
        f = facts(need)
        tomorrow = facts(need)
        tomorrow.today = f.today + datetime.timedelta(days=1)
        return [ranking_cache._key(x, top=20, strict=True, offset=0) for x in (f, tomorrow)]

    same, also_same = keys()
    assert same == also_same
    need.minimum_age = 18
    need.save()
    today, tomorrow = keys()
    assert today != tomorrow and same not in (today, tomorrow)


def test_an_entry_written_in_a_rolled_back_transaction_is_gone(need, make):
    a, b = make(wishes=["5223"]), make(wishes=["5221"])
    with pytest.raises(RuntimeError), transaction.atomic():
        candidate_services.follow_up_end(candidate=a, by=a.counsellor)
        assert ranked(need) == [b.profile.pk]
        raise RuntimeError("rolled back")
    assert ranked(need) == [a.profile.pk, b.profile.pk]


@pytest.mark.django_db(transaction=True)
def test_the_sweep_keeps_every_version_and_drops_old_entries(need, make, other_office, other_veileder):
    make(wishes=["5223"])
    make_candidate(office=other_office, by=other_veileder)
    ranked(need)

    def versions():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT county_id, sum(weight) FROM matching_profiletermschange GROUP BY 1 ORDER BY 1"
            )
            return cursor.fetchall()

    before = versions()
    assert ProfileTermsChange.objects.count() > len(before)  # a row per county and transaction
    counties, dropped = ranking_cache.sweep()
    assert versions() == before and ProfileTermsChange.objects.count() == counties == len(before)
    assert dropped == 0 and RankingCache.objects.count() == 1
    assert ranking_cache.sweep(now=timezone.now() + ranking_cache.KEEP_ENTRIES * 2)[1] == 1
