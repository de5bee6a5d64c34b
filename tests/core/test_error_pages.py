"""Our own error pages (DEBUG off) and a menu that offers only what the user may open."""

import pytest
from django.test import Client
from django.urls import path, reverse

from core.context_processors import navigation
from core.navigation import home_sections_for

pytestmark = pytest.mark.django_db

ROLE_FIXTURES = ["veileder", "radgiver", "markedskoordinator", "koordinator", "leder", "admin_user"]


def _boom(request):
    raise RuntimeError("a bug")


def _bad(request):
    from django.core.exceptions import SuspiciousOperation

    raise SuspiciousOperation("bad")


urlpatterns = [
    path("boom/", _boom),
    path("bad/", _bad),
]


@pytest.fixture
def error_urls(settings):
    import navinclusion.urls as project_urls

    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    # Borrow the project's routes (home, login) so the error page's links resolve.
    global urlpatterns
    urlpatterns = [path("boom/", _boom), path("bad/", _bad), *project_urls.urlpatterns]
    for name in ("handler400", "handler403", "handler404", "handler500"):
        globals()[name] = getattr(project_urls, name)
    return settings


def test_404_is_ours_in_norwegian_with_a_way_on(client_for, veileder, settings):
    settings.DEBUG = False
    response = client_for(veileder).get("/finnes-ikke/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Fant ikke siden" in content
    assert 'href="/"' in content and "Gå til forsiden" in content
    assert "aksel-internalheader" in content  # our layout, with the user's menu
    assert "Not Found" not in content


def test_404_in_english_when_chosen(client_for, veileder, settings):
    settings.DEBUG = False
    c = client_for(veileder)
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = c.get("/finnes-ikke/")
    assert response.status_code == 404
    assert 'lang="en"' in response.content.decode()


def test_403_is_ours(client_for, radgiver, settings):
    settings.DEBUG = False
    response = client_for(radgiver).get(reverse("candidates:list"))
    assert response.status_code == 403
    content = response.content.decode()
    assert "Du har ikke tilgang til denne siden" in content
    assert "Gå til forsiden" in content
    assert "403 Forbidden" not in content


def test_500_and_400_are_ours(error_urls, veileder):
    c = Client(raise_request_exception=False)
    c.force_login(veileder, backend="django.contrib.auth.backends.ModelBackend")
    response = c.get("/boom/")
    assert response.status_code == 500
    assert "Noe gikk galt hos oss" in response.content.decode()
    response = c.get("/bad/")
    assert response.status_code == 400
    assert "Forespørselen kunne ikke behandles" in response.content.decode()


def test_csrf_failure_offers_login_again(veileder, settings):
    settings.DEBUG = False
    c = Client(enforce_csrf_checks=True)
    c.force_login(veileder, backend="django.contrib.auth.backends.ModelBackend")
    response = c.post(reverse("employers:employer_create"), {"name": "x"})
    assert response.status_code == 403
    content = response.content.decode()
    assert "Skjemaet kunne ikke sendes" in content
    assert "Logg inn på nytt" in content
    assert "CSRF verification failed" not in content


@pytest.mark.parametrize("fixture_name", ROLE_FIXTURES)
def test_no_menu_entry_or_home_card_answers_403(request, rf, client_for, fixture_name):
    user = request.getfixturevalue(fixture_name)
    req = rf.get("/")
    req.user = user
    items = [item for item, _active in navigation(req)["nav_items"]]
    assert items, "every role has at least the home page"
    c = client_for(user)
    for item in items:
        response = c.get(item.url)
        assert response.status_code == 200, f"{fixture_name}: {item.key} → {response.status_code}"
    # Home sections render for the role without error.
    assert c.get(reverse("core:home")).status_code == 200
    assert all(s.key for s in home_sections_for(user))


def test_admin_menu_has_no_candidate_pages(rf, admin_user):
    req = rf.get("/")
    req.user = admin_user
    keys = {item.key for item, _active in navigation(req)["nav_items"]}
    assert "admin" in keys
    assert not keys & {"candidates", "candidate-profiles", "candidate-statistics"}


def test_admin_home_has_no_employer_sections(admin_user):
    """The administrator may not open the employer register, so the home page offers none of it."""
    keys = {s.key for s in home_sections_for(admin_user)}
    assert "admin-status" in keys
    assert not keys & {"employers-next-steps", "employers-no-contact", "employers-open-needs"}
