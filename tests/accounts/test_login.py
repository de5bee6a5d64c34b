"""Login, logout, lockout after repeated failures, and login-required pages."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def post_login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR="10.0.0.5")


def test_login_and_logout(client, veileder):
    response = post_login(client, veileder.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.get(reverse("core:home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("core:home")).status_code == 302


def test_wrong_password_gives_norwegian_error(client, veileder):
    response = post_login(client, veileder.username, "feil")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Du må rette disse feilene før du kan lagre" in content
    assert "brukernavn" in content.lower()


def test_lockout_after_five_failures_even_with_right_password(client, veileder, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, veileder.username, "feil")
    response = post_login(client, veileder.username, PASSWORD)
    assert response.status_code == 429
    assert "Innloggingen er midlertidig sperret" in response.content.decode()
    assert client.get(reverse("core:home")).status_code == 302


def test_lockout_is_per_user_and_address(client, veileder, other_veileder, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, veileder.username, "feil")
    # Another user from the same address is not locked out by someone else's typos.
    assert post_login(client, other_veileder.username, PASSWORD).status_code == 302


def test_success_resets_failure_count(client, veileder, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        post_login(client, veileder.username, "feil")
    assert post_login(client, veileder.username, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        post_login(client, veileder.username, "feil")
    assert post_login(client, veileder.username, PASSWORD).status_code == 302


@pytest.mark.parametrize("url_name", ["core:home", "core:notifications", "core:accessibility", "admin:index"])
def test_pages_require_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    # idle timeout: a request renews the session at least every SESSION_RENEW_SECONDS
    assert "core.middleware.SessionIdleMiddleware" in settings.MIDDLEWARE
    assert settings.SESSION_RENEW_SECONDS <= 5 * 60


def test_admin_is_for_staff_only(client_for, veileder, admin_user):
    assert client_for(veileder).get(reverse("admin:index")).status_code == 302
    response = client_for(admin_user).get(reverse("admin:index"))
    assert response.status_code == 200
    assert "NAV Inkludering – administrasjon" in response.content.decode()


def test_one_address_trying_many_users_is_locked_out(client, veileder, settings):
    """Issue 10, item 8: axes counts per (user, address); one password against many users from
    one address must also stop, even for a user whose own count is zero."""
    from django.core.cache import cache

    cache.delete("login-failures:10.0.0.5")
    for n in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
        post_login(client, f"ukjent{n}", "Sommer2026")
    response = post_login(client, veileder.username, PASSWORD)
    assert response.status_code == 200  # the login form again, not a redirect to the home page
    assert client.get(reverse("core:home")).status_code == 302
    cache.delete("login-failures:10.0.0.5")


def test_development_server_binds_localhost_unless_asked():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    web = next(line for line in (root / "Procfile").read_text().splitlines() if line.startswith("web:"))
    assert "${HOST:-127.0.0.1}" in web and "0.0.0.0" not in web
    assert "HOST ?= 127.0.0.1" in (root / "Makefile").read_text()


def test_password_login_only_when_the_setting_allows_it(client, veileder, admin_user, settings):
    """Production (PASSWORD_LOGIN_ENABLED off): no password form, a posted password is refused on
    the login page and on the admin's own login form; single sign-on is then the only way in."""
    settings.PASSWORD_LOGIN_ENABLED = False
    page = client.get(reverse("login")).content.decode()
    assert 'name="password"' not in page
    assert post_login(client, veileder.username, PASSWORD).status_code == 403
    admin_login = client.post(
        reverse("admin:login"),
        {"username": admin_user.username, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.5",
    )
    assert admin_login.status_code == 200  # the form again, not signed in
    assert client.get(reverse("core:home")).status_code == 302
    settings.PASSWORD_LOGIN_ENABLED = True
    assert post_login(client, veileder.username, PASSWORD).status_code == 302
