"""Each role logs in through the real form in Chromium, lands on its home page, passes axe-core."""

import pytest

from accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = [
    ("veileder", Role.VEILEDER),
    ("radgiver", Role.IA_RADGIVER),
    ("markedskoordinator", Role.MARKEDSKOORDINATOR),
    ("koordinator", Role.PROSJEKTKOORDINATOR),
    ("leder", Role.LEDER),
]


@pytest.mark.parametrize("fixture_name,role", ROLES)
def test_role_logs_in_and_sees_home(
    request, page, login, logout, screenshot, assert_accessible, fixture_name, role
):
    user = request.getfixturevalue(fixture_name)
    login(page, user)
    membership = user.memberships.get()
    header = page.locator("#app-menu")  # name, unit and role sit by «Logg ut» in the menu bar
    assert user.display_name in header.inner_text()
    assert membership.unit.name in header.inner_text()
    assert page.get_by_role("heading", name="Dine enheter og roller").is_visible()
    assert membership.get_role_display() in page.locator("main").inner_text()
    screenshot(page, f"home-{fixture_name}")
    assert_accessible(page)
    logout(page)


def test_login_page_is_accessible_and_shows_errors(page, veileder, assert_accessible, screenshot):
    page.goto(f"{page.base_url}/accounts/login/")
    assert_accessible(page)
    page.fill("#id_username", veileder.username)
    page.fill("#id_password", "feil-passord")
    page.get_by_role("button", name="Logg inn").click()
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert "brukernavn" in summary.inner_text().lower()
    screenshot(page, "login-error")
    assert_accessible(page)


def test_admin_reaches_django_admin_in_norwegian(page, admin_user, login):
    login(page, admin_user)
    page.goto(f"{page.base_url}/admin/")
    assert "Administrasjon" in page.content()
    assert page.get_by_role("link", name="NAV-enheter").first.is_visible()
