"""Demo data for matching: search terms for every profile and need, some travel preferences,
candidate lists with history, one shared link, and board cases."""

from django.db import transaction

from core.demo import DemoContext, seeder

from . import indexing


@seeder(name="Matching", order=50)
def seed_matching(ctx: DemoContext) -> None:
    _travel(ctx)
    profiles, needs = indexing.reindex_all(missing_only=True)
    ctx.say(f"  søkeord for {profiles} profiler og {needs} behov")
    if profiles:
        transaction.on_commit(indexing.cluster_by_county)
    from .demo_board import seed_board
    from .demo_lists import seed_lists

    seed_lists(ctx)
    seed_board(ctx)


def _travel(ctx: DemoContext) -> None:
    """One in ten profiles will travel to a neighbouring demo county."""
    from candidates.models import CandidateProfile
    from core.models import County

    from .models import TravelPreference

    if TravelPreference.objects.exists():
        return
    counties = list(
        County.objects.filter(code__in=["34", "32", "33", "46", "18", "55", "39", "50"]).order_by("code")
    )
    if not counties:
        return
    ids = list(CandidateProfile.objects.filter(listed=True).order_by("pk").values_list("pk", "county_id"))
    chosen = [(pk, cid) for pk, cid in ids if ctx.rng.random() < 0.1]
    prefs = TravelPreference.objects.bulk_create(
        [TravelPreference(profile_id=pk) for pk, _c in chosen], batch_size=5000
    )
    through = TravelPreference.counties.through
    rows = []
    for pref, (_pk, cid) in zip(prefs, chosen, strict=True):
        others = [c for c in counties if c.pk != cid]
        rows.append(through(travelpreference_id=pref.pk, county_id=ctx.rng.choice(others).pk))
    through.objects.bulk_create(rows, batch_size=5000)
