"""A region (Innlandet, 34) with open needs and a counsellor whose candidates fit one of them."""

import datetime

import pytest
from django.utils import timezone

from digests.selectors import this_week
from tests.employers.factories import EmployerFactory, NeedFactory, municipality
from tests.matching import conftest as matching
from tests.matching.conftest import occupation

make = matching.make  # the fixture: make(wishes=[...], **profile fields) -> candidate in Hamar


@pytest.fixture
def week():
    return this_week()


def opened(days_before_monday: int, week):
    at = datetime.datetime.combine(
        week.monday - datetime.timedelta(days=days_before_monday), datetime.time(10)
    )
    return timezone.make_aware(at)


@pytest.fixture
def region(week, radgiver, make):
    """Needs in Hamar and the counsellor's (veileder's) candidates; returns a namespace."""
    radgiver.phone = "22 33 44 55"
    radgiver.save()
    shop = EmployerFactory(
        name="Butikken AS", municipality=municipality("3403"), recruitment_need="kort_sikt"
    )
    other = EmployerFactory(name="Lageret AS", municipality=municipality("3403"))
    fitting = NeedFactory(
        employer=shop,
        title="Butikkmedarbeider",
        tasks="Kasse og kundeservice, varepåfylling",
        occupation=occupation("5223"),
        extent="deltid",
        status="apen",
        opened_at=opened(30, week),
        facilitation=["arbeidstid:fleksibel"],
    )
    new = NeedFactory(employer=other, title="Lagermedarbeider ny", status="apen", opened_at=opened(2, week))
    closing = NeedFactory(
        employer=other,
        title="Truckfører",
        status="apen",
        opened_at=opened(40, week),
        deadline=week.monday + datetime.timedelta(days=3),
    )
    old = [
        NeedFactory(employer=other, title=f"Gammelt behov {i}", status="apen", opened_at=opened(60 + i, week))
        for i in range(12)
    ]
    draft = NeedFactory(employer=other, title="Utkast som ikke vises")
    candidates = [
        make(wishes=["5223"], extents=["deltid"], competence="Kasse og kundeservice") for _ in range(3)
    ]
    candidates.append(make(wishes=["2511"]))
    return type(
        "Region",
        (),
        {
            "shop": shop,
            "fitting": fitting,
            "new": new,
            "closing": closing,
            "old": old,
            "draft": draft,
            "candidates": candidates,
        },
    )


def fair_dicts():
    """Two fairs in the shape of jobfairs.selectors.fairs_for_digest (the agreed contract)."""
    return [
        {
            "title": "Ta sjansen april",
            "url": "http://127.0.0.1:8000/jobbmesser/1/",
            "date": datetime.date(2026, 4, 5),
            "venue": "NAV Hamar",
            "booking_deadline": datetime.date(2026, 3, 29),
            "eligibility": "Brukere med spesielt tilpasset innsats eller sykmeldte uten arbeidsgiver.",
            "employers": [
                {"name": "Vaskebedrift AS", "unit": "kantine", "tasks": "Oppvask og servering",
                 "constraints": "", "free_slots": 0, "booking_url": "http://127.0.0.1:8000/b/1/"},
                {"name": "Sykehuset", "unit": "med.avd., servicemed.arb.", "tasks": "Transport og renhold",
                 "constraints": "ikke u/20 år", "free_slots": 1, "booking_url": "http://127.0.0.1:8000/b/2/"},
                {"name": "Bamsebjørn barnehage", "unit": "", "tasks": "Kjøkken og lek",
                 "constraints": "", "free_slots": 5, "booking_url": "http://127.0.0.1:8000/b/3/"},
            ],
        },
    ]  # fmt: skip
