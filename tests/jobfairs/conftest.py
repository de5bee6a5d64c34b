import pytest

from tests.candidates.factories import make_candidate

from .factories import make_event


@pytest.fixture
def event(markedskoordinator, office):
    return make_event(by=markedskoordinator, offices=[office])


@pytest.fixture
def candidate(office, veileder):
    return make_candidate(office=office, by=veileder)


@pytest.fixture
def slots(event):
    """The first employer's slots, then the second's."""
    first, second = list(event.employers.order_by("pk"))
    return list(first.slots.all()), list(second.slots.all())
