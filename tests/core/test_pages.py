import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_requires_login(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "fixture_name,role_label",
    [
        ("veileder", "veileder"),
        ("radgiver", "IA-rådgiver"),
        ("markedskoordinator", "markedskoordinator"),
        ("koordinator", "prosjektkoordinator"),
        ("leder", "leder"),
    ],
)
def test_home_shows_role_and_unit(request, client_for, fixture_name, role_label):
    user = request.getfixturevalue(fixture_name)
    response = client_for(user).get(reverse("core:home"))
    assert response.status_code == 200
    content = response.content.decode()
    membership = user.memberships.get()
    assert membership.unit.name in content
    assert role_label.lower() in content.lower()
    assert user.display_name in content


def test_login_page_is_norwegian_whatever_the_browser_says(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    content = response.content.decode()
    assert 'lang="nb"' in content
    assert "Brukernavn" in content
    assert "Passord" in content


def test_english_can_be_chosen(client, veileder, client_for):
    c = client_for(veileder)
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = c.get(reverse("core:home")).content.decode()
    assert 'lang="en"' in content
    assert "Your units and roles" in content
    assert "Dine enheter og roller" not in content


def test_menu_marks_only_the_most_specific_item():
    from core.context_processors import _active_url

    urls = ["/", "/prosjekter/", "/prosjekter/sammenlign/", "/behov/"]
    assert _active_url(urls, "/prosjekter/sammenlign/") == "/prosjekter/sammenlign/"
    assert _active_url(urls, "/prosjekter/3/mal/") == "/prosjekter/"
    assert _active_url(urls, "/") == "/"
    assert _active_url(urls, "/varsler/") is None
