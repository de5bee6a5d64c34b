"""Real browser: Debian's Chromium driven by Playwright against pytest-django's live server."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
# itself (factories, asserts) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling Google on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
BLOCKING_IMPACTS = {"serious", "critical"}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _new_page(browser, base_url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nb-NO")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = base_url
    return page


@pytest.fixture
def page(browser, live_server):
    page = _new_page(browser, live_server.url)
    yield page
    page.context.close()


@pytest.fixture
def page_as(browser, live_server, login):
    """page_as(user) -> a page in a browser context of its own, logged in as user (page_as(None):
    not logged in). A journey with several people keeps one window each instead of logging out
    and in again, as the people themselves would."""
    pages = []

    def open_page(user=None):
        page = _new_page(browser, live_server.url)
        pages.append(page)
        if user is not None:
            login(page, user)
        return page

    yield open_page
    for page in pages:
        page.context.close()


@pytest.fixture
def login():
    """login(page, user): log in through the real login form."""

    def do_login(page, user, password: str = PASSWORD):
        page.goto(f"{page.base_url}/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return do_login


@pytest.fixture
def logout():
    def do_logout(page):
        page.get_by_role("button", name="Logg ut").click()
        page.wait_for_url(lambda url: "/accounts/login/" in url)

    return do_logout


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the current page; fail on serious or critical violations."""

    def check(page):
        results = axe.run(page)
        blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
        details = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} – {len(v['nodes'])} node(s)" for v in blocking
        )
        assert not blocking, f"axe-core found violations on {page.url}:\n{details}"

    return check


@pytest.fixture
def screenshot():
    """screenshot(page, name): full-page PNG under test-artifacts/ for a human to look at."""

    def take(page, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
