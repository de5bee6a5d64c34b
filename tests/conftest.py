"""Shared fixtures. Every test runs against the real PostgreSQL (pytest-django test database)."""

import pytest
from django.conf import settings
from django.utils import translation

from accounts.models import NavUnit, Role
from tests.factories import NavUnitFactory, UserFactory, user_with_role


@pytest.fixture(autouse=True)
def _bokmal_after_each_test():
    """A request that chose English leaves it active on the thread; the next test starts in bokmål."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_address_lockout():
    """The per-address failure counters (login, share-link guessing) live in the test cache, which
    outlives a test: each test starts at zero, whichever tests its xdist worker ran before."""
    from django.core.cache import cache

    from core.sharing import client_key

    addresses = ("10.0.0.5", "127.0.0.1")
    cache.delete_many(
        [f"login-failures:{a}" for a in addresses]
        + [f"sharelink-failures:{client_key(a)}" for a in addresses]
    )


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests (browser, live worker) flush the database after each test, taking the
    reference data that the migration loaded with it; put it back before such a test runs."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        from core.models import County, Municipality, Occupation
        from core.reference_data import load_reference_data

        load_reference_data(County, Municipality, Occupation)


@pytest.fixture
def office(db):
    """NAV Hamar-like office in Innlandet."""
    return NavUnitFactory(unit_number="9401", name="NAV Testhamar", municipalities=["3403"])


@pytest.fixture
def other_office(db):
    """An office in another county (Vestland), for scoping tests."""
    from tests.factories import county

    return NavUnitFactory(
        unit_number="9402", name="NAV Testbergen", county=county("46"), municipalities=["4601"]
    )


@pytest.fixture
def worklife_centre(db):
    return NavUnitFactory(
        unit_number="9491", name="NAV Arbeidslivssenter Test", kind=NavUnit.Kind.WORKLIFE_CENTRE
    )


@pytest.fixture
def veileder(office):
    return user_with_role(Role.VEILEDER, office, username="t-veileder", first_name="Kari")


@pytest.fixture
def other_veileder(other_office):
    return user_with_role(Role.VEILEDER, other_office, username="t-veileder2")


@pytest.fixture
def radgiver(worklife_centre):
    return user_with_role(Role.IA_RADGIVER, worklife_centre, username="t-radgiver")


@pytest.fixture
def markedskoordinator(db):
    unit = NavUnitFactory(unit_number="9492", name="NAV Marked Test", kind=NavUnit.Kind.MARKET)
    return user_with_role(Role.MARKEDSKOORDINATOR, unit, username="t-marked")


@pytest.fixture
def koordinator(office):
    return user_with_role(Role.PROSJEKTKOORDINATOR, office, username="t-koordinator")


@pytest.fixture
def leder(office):
    return user_with_role(Role.LEDER, office, username="t-leder")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="t-admin", is_staff=True, is_superuser=True)


@pytest.fixture
def client_for(client):
    """Log a user in on the test client: client_for(user)."""

    def login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login


class QueryCounter:
    """The one query-count helper for tests (fixture `query_count`).

    count(client, url) -> number of queries for one GET (which must answer 200), after a warm-up
    request so session and content-type caches do not count; `last` keeps that request's queries.
    pinned(client, url, grow=..., expected=N) asserts N queries, then calls grow() to add rows
    and asserts N again: a list page's count must not depend on how many rows it shows.
    """

    def __init__(self):
        self.last: list[dict] = []

    def count(self, client, url: str, *, warm: bool = True) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        if warm:
            client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        self.last = ctx.captured_queries
        return len(ctx.captured_queries)

    def pinned(self, client, url: str, *, grow, expected: int, warm: bool = True) -> None:
        few = self.count(client, url, warm=warm)
        few_sql = [q["sql"] for q in self.last]
        grow()
        many = self.count(client, url, warm=warm)
        assert few == many == expected, (url, few, many, few_sql)


@pytest.fixture
def query_count() -> QueryCounter:
    return QueryCounter()
