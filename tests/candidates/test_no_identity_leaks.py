"""Acceptance: with demo data, every page and export an adviser, a market coordinator and a
project coordinator can reach shows no candidate's name, fødselsnummer, phone or e-mail.

The test crawls like a user: from the home page it follows every same-site link (GET only) and
also opens every candidate URL directly, so a page that is reachable but not linked is covered.
"""

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from candidates.models import Candidate

pytestmark = pytest.mark.django_db

SKIP_PREFIXES = ("/accounts/logout", "/admin/", "/static/", "/i18n/")
# Every distinct path is opened, but only this many query-string variants of one path (pages 2, 3,
# … of a list, each filter and sort link): they render the same template over other rows, and
# following all of them made the crawl grow with the demo data instead of with the pages.
QUERY_VARIANTS_PER_PATH = 3


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


@pytest.fixture
def demo_data(db):
    call_command("seed_demo", "--scale", "small", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _other_peoples_identities() -> set[str]:
    """Names, phones and e-mails that belong to someone other than a candidate.

    Demo candidates, NAV staff and employers' contact persons are drawn from the same Faker pool,
    so a candidate may share a name with a colleague; such a string on a page is not a leak.
    """
    from employers.models import ContactPerson, Employer

    others: set[str] = set()
    for first, last, email, phone in User.objects.values_list("first_name", "last_name", "email", "phone"):
        others |= {f"{first} {last}", f"{last}, {first}", email, phone, re.sub(r"\D", "", phone)}
    for name, email, phone in ContactPerson.objects.values_list("name", "email", "phone"):
        others |= {name, email, phone, re.sub(r"\D", "", phone)}
    for phone, email in Employer.objects.values_list("primary_contact_phone", "primary_contact_email"):
        others |= {phone, email, re.sub(r"\D", "", phone)}
    return others


def _identity_needles() -> list[str]:
    needles = []
    for c in Candidate.objects.filter(erased_at__isnull=True):
        digits = re.sub(r"\D", "", c.phone)
        needles += [
            f"{c.first_name} {c.last_name}",
            f"{c.last_name}, {c.first_name}",
            c.fodselsnummer,
            f"{c.fodselsnummer[:6]} {c.fodselsnummer[6:]}",
            c.phone,
            digits,
            c.email,
        ]
    others = _other_peoples_identities()
    return [n for n in needles if n and n not in others]


def _whole_words(needles: list[str]) -> re.Pattern:
    # Whole words only: "Danielsen, Thomas" inside "Danielsen, Thomassen og Sørensen" is no leak.
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, needles)) + r")(?!\w)")


def _crawl(client) -> dict[str, str]:
    """GET every same-site page reachable by links from home, plus every candidates URL."""
    profiles = Candidate.objects.select_related("profile")
    seeds = (
        [
            reverse("core:home"),
            reverse("candidates:profiles"),
            reverse("candidates:profile_export"),
            reverse("candidates:list"),
            reverse("candidates:export"),
            reverse("candidates:statistics"),
            reverse("candidates:access_log"),
        ]
        + [reverse("candidates:profile_detail", kwargs={"code": c.profile.code}) for c in profiles]
        + [reverse("candidates:detail", kwargs={"pk": c.pk}) for c in profiles[:20]]
    )
    seen: dict[str, str] = {}
    variants: Counter[str] = Counter()
    queue = deque(seeds)
    while queue:
        url = queue.popleft()
        if url in seen or url.startswith(SKIP_PREFIXES):
            continue
        response = client.get(url)
        body = response.content.decode(errors="replace")
        seen[url] = body if response.status_code == 200 else ""
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(body)
        for href in parser.links:
            absolute = urljoin(url, href)
            parsed = urlparse(absolute)
            if parsed.scheme not in ("", "http", "https") or (
                parsed.netloc and parsed.netloc != "testserver"
            ):
                continue  # mailto:, tel: and other sites are not pages of ours
            path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
            if path in seen or path in queue:
                continue
            if parsed.query:
                if variants[parsed.path] >= QUERY_VARIANTS_PER_PATH:
                    continue
                variants[parsed.path] += 1
            queue.append(path)
    return seen


@pytest.mark.parametrize("username", ["radgiver", "markedskoordinator", "koordinator"])
def test_no_candidate_identity_on_any_reachable_page(demo_data, client_for, username):
    user = User.objects.get(username=username)
    pages = _crawl(client_for(user))
    rendered = {url: body for url, body in pages.items() if body}
    # The crawl really reached the anonymised pages and exports.
    assert any(url.startswith("/kandidater/profiler/K-") for url in rendered)
    assert reverse("candidates:profile_export") in rendered
    needles = _identity_needles()
    assert len(needles) > 1000
    pattern = _whole_words(needles)
    leaks = [(url, n) for url, body in rendered.items() for n in pattern.findall(body)]
    assert not leaks, f"identity found: {leaks[:5]}"
