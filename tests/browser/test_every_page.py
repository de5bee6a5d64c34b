"""Every role's pages, reached by following links, at 1440 px and 390 px: no sideways scroll, no
serious or critical axe-core violation, and no link that answers 403 or 500.

One crawl per role over the small demo data set, sharing one browser. Pages are deduplicated by
URL pattern (digits folded), so /arbeidsgivere/12/ and /arbeidsgivere/13/ count once; a pattern a
previous role already had checked is only opened (status) by the next, and each role checks at most
PAGES_PER_ROLE new patterns, to keep the run within a couple of minutes.
"""

import re
from collections import deque
from urllib.parse import urldefrag, urlparse

import pytest
from django.core.management import call_command

from accounts.demo import demo_password
from accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["veileder", "radgiver", "markedskoordinator", "koordinator", "leder", "admin"]
PAGES_PER_ROLE = 8
WIDTHS = (1440, 390)
# Links that change state, download files or leave our pages (Django admin is not ours to style).
SKIP = re.compile(r"/accounts/logout|/eksport|/export|\.csv|\.xlsx|/admin/.+|/i18n/|/healthz")


def _pattern(path: str) -> str:
    """/arbeidsgivere/12/ and /kandidater/profiler/K-24Z9/ stand for their kind; queries are
    other views of the same page (filters, page numbers)."""
    return re.sub(r"[^/]*\d[^/]*", "N", urlparse(path).path)


def _links(page, origin: str) -> list[str]:
    # Not the links of a closed <dialog> (the session dialog's «Logg inn igjen» is only reachable
    # once the session has expired, i.e. logged out).
    hrefs = page.eval_on_selector_all(
        "a[href]", "els => els.filter(e => !e.closest('dialog:not([open])')).map(e => e.href)"
    )
    found = []
    for href in hrefs:
        href = urldefrag(href)[0]
        if href.startswith(origin) and not SKIP.search(href):
            found.append(href[len(origin) :] or "/")
    return found


def _scroll_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_every_linked_page_fits_and_is_accessible(browser, live_server, axe):
    call_command("seed_demo", "--scale", "small", verbosity=0)
    password = demo_password()
    failures: list[str] = []
    checked: set[str] = set()  # patterns measured and axe-checked by an earlier role
    for username in ROLES:
        user = User.objects.get(username=username)
        context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, locale="nb-NO")
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

        queue, seen, visited, measured = deque(["/"]), set(), 0, 0
        while queue and visited < PAGES_PER_ROLE * 2 and measured < PAGES_PER_ROLE:
            path = queue.popleft()
            if _pattern(path) in seen:
                continue
            seen.add(_pattern(path))
            response = page.goto(f"{live_server.url}{path}")
            visited += 1
            if response.status >= 400:
                failures.append(f"{username}: {path} answered {response.status}")
                continue
            queue.extend(link for link in _links(page, live_server.url) if _pattern(link) not in seen)
            if _pattern(path) in checked:
                continue
            checked.add(_pattern(path))
            measured += 1
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                overflow = _scroll_overflow(page)
                if overflow > 0:
                    failures.append(f"{username}: {path} scrolls sideways by {overflow}px at {width}px")
                violations = [
                    f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes)"
                    for v in axe.run(page).response["violations"]
                    if v.get("impact") in {"serious", "critical"}
                ]
                if violations:
                    failures.append(f"{username}: {path} at {width}px: {', '.join(violations)}")
            page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        # Every menu entry of the role opens (the administrator's menu offered 403 pages before).
        page.goto(f"{live_server.url}/")
        for href in page.eval_on_selector_all(
            "nav[aria-label='Hovedmeny'] a.app-nav__link", "els => els.map(e => e.href)"
        ):
            status = page.request.get(href).status
            if status != 200:
                failures.append(f"{username}: menu entry {href} answered {status}")
        context.close()
    assert not failures, "\n".join(failures)
