"""Every page each role reaches by following links, at 1440 px and 390 px: no sideways scroll, no
serious or critical axe-core violation, and no link that answers 403 or 500.

One crawl per role over the small demo data set, sharing one browser. Pages are deduplicated by
URL pattern (ids and profile codes folded), so /arbeidsgivere/12/ and /arbeidsgivere/13/ count
once. The first role to reach a pattern opens it in the browser and measures it at both widths;
a later role only fetches the page (status and links, no rendering), so it still finds the pages
only it can reach. The home page differs per role and is measured for each.

Before the crawl the free texts that many pages show get a 1,000-character word, so a page that
lets a long word widen it fails here.
"""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from django.core.management import call_command

from accounts.demo import demo_password
from accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["veileder", "radgiver", "markedskoordinator", "koordinator", "leder", "admin"]
WIDTHS = (1440, 390)
# Links that change state, download files or leave our pages (Django admin is not ours to style).
SKIP = re.compile(r"/accounts/logout|/eksport|/export|\.csv|\.xlsx|/admin/.+|/i18n/|/healthz|^mailto:|^tel:")
# A path segment that names one object: digits, a profile code (K-7Q2M), a share token.
OBJECT = re.compile(r"(?<=/)(K-[A-Z0-9]{4}|[^/]{24,}|[^/]*\d[^/]*)(?=/)")
LONG_WORD = "Langord" + "x" * 1000


def _pattern(path: str) -> str:
    """/arbeidsgivere/12/ and /kandidater/profiler/K-24ZQ/ stand for their kind; queries are
    other views of the same page (filters, page numbers)."""
    return OBJECT.sub("N", urlparse(path).path)


class _Links(HTMLParser):
    """The links of a page as served, without those in a closed <dialog> (the session dialog's
    «Logg inn igjen» is only offered once the session has expired)."""

    def __init__(self):
        super().__init__()
        self.hrefs, self._dialog = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "dialog" and "open" not in attrs:
            self._dialog += 1
        elif tag == "a" and attrs.get("href") and not self._dialog:
            self.hrefs.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "dialog" and self._dialog:
            self._dialog -= 1


def _own_links(base: str, page_url: str, hrefs) -> list[str]:
    found = []
    for href in hrefs:
        href = urldefrag(urljoin(page_url, href))[0]
        if href.startswith(base) and not SKIP.search(href):
            found.append(href[len(base) :] or "/")
    return found


def _long_words_in_free_text():
    from candidates.models import CandidateProfile
    from employers.models import ContactLogEntry, Employer, Need
    from projects.models import Project

    CandidateProfile.objects.update(competence=LONG_WORD)
    Employer.objects.update(inclusion_notes=LONG_WORD)
    ContactLogEntry.objects.update(notes=LONG_WORD)
    Need.objects.update(tasks=LONG_WORD)
    Project.objects.update(purpose=LONG_WORD)


def _measure(page, axe, label: str) -> list[str]:
    """Sideways scroll and axe-core at each width. axe is injected once per page; rows after the
    third of a table are left out (the same template as the rows before them, and most of the
    time on a 50-row list); colour contrast, which no width changes, is checked at the first."""
    failures = []
    page.evaluate(axe.axe_script)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            failures.append(f"{label} scrolls sideways by {overflow}px at {width}px")
        options = {"resultTypes": ["violations"]}
        if width != WIDTHS[0]:
            options["rules"] = {"color-contrast": {"enabled": False}}
        violations = [
            f"{v['id']} ({v['impact']}, {len(v['nodes'])} nodes)"
            for v in page.evaluate(
                "options => axe.run({exclude: [['tbody tr:nth-child(n+4)']]}, options)", options
            )["violations"]
            if v.get("impact") in {"serious", "critical"}
        ]
        if violations:
            failures.append(f"{label} at {width}px: {', '.join(violations)}")
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    return failures


def test_every_linked_page_fits_and_is_accessible(browser, live_server, axe):
    call_command("seed_demo", "--scale", "small", verbosity=0)
    _long_words_in_free_text()
    base, password = live_server.url, demo_password()
    failures: list[str] = []
    measured: set[str] = set()  # patterns opened and measured (by any role)
    reached: dict[str, int] = {}
    for username in ROLES:
        user = User.objects.get(username=username)
        context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900}, locale="nb-NO")
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        menu = page.eval_on_selector_all(
            "nav[aria-label='Hovedmeny'] a.app-nav__link", "els => els.map(e => e.getAttribute('href'))"
        )
        assert menu, f"{username} has a menu"

        queue, seen, statuses = deque(["/"]), set(), {}
        while queue:
            path = queue.popleft()
            pattern = _pattern(path)
            if pattern in seen:
                continue
            seen.add(pattern)
            key = f"{username}:/" if pattern == "/" else pattern
            if key in measured:
                response = page.request.get(f"{base}{path}")
                status, url = response.status, response.url
                parser = _Links()
                parser.feed(response.text() if status < 400 else "")
                hrefs = parser.hrefs
            else:
                response = page.goto(f"{base}{path}")
                status, url = response.status, page.url
                hrefs = page.eval_on_selector_all(
                    "a[href]", "els => els.filter(e => !e.closest('dialog:not([open])')).map(e => e.href)"
                )
            statuses[pattern] = status
            if status >= 400:
                failures.append(f"{username}: {path} answered {status}")
                continue
            queue.extend(link for link in _own_links(base, url, hrefs) if _pattern(link) not in seen)
            if key not in measured:
                measured.add(key)
                failures += _measure(page, axe, f"{username}: {path}")
        reached[username] = len(seen)
        # Every menu entry of the role opened (the administrator's menu offered 403 pages before).
        for href in menu:
            if statuses.get(_pattern(href)) != 200:
                failures.append(f"{username}: menu entry {href} answered {statuses.get(_pattern(href))}")
        context.close()
    print(f"page kinds reached per role: {reached}; measured at both widths: {len(measured)}")
    assert not failures, "\n".join(failures)
    # The crawl really went through the product (a broken login or menu would reach only a few).
    assert all(count >= 15 for count in reached.values()), reached
    assert len(measured) >= 60, len(measured)
