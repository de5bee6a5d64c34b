"""Every page a role reaches: follow the links from the home page, as that user, and collect the
forms found on the way. Used by the header test and the fuzz test (issue 10, items 6 and 7)."""

import html
import re
from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from django.utils import timezone

_HREF = re.compile(r'href="(/[^"#]*)"')
_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')
_FIELD = re.compile(r"<(input|select|textarea)\b([^>]*)>", re.I)
SKIP = ("/static/", "/accounts/logout", "/i18n/")


@dataclass
class Form:
    page: str
    action: str
    method: str
    fields: list[str] = field(default_factory=list)


@dataclass
class Crawl:
    pages: dict = field(default_factory=dict)  # url → response
    forms: list[Form] = field(default_factory=list)

    @property
    def get_params(self) -> dict[str, set[str]]:
        """Path → GET parameter names seen in links and GET forms."""
        params: dict[str, set[str]] = {}
        for url in self.pages:
            parts = urlsplit(url)
            params.setdefault(parts.path, set()).update(k for k, _ in parse_qsl(parts.query))
        for form in self.forms:
            if form.method == "get":
                params.setdefault(form.action, set()).update(form.fields)
        return params


def _forms(page: str, content: str) -> list[Form]:
    found = []
    for attrs, body in _FORM.findall(content):
        a = dict(_ATTR.findall(attrs))
        action = html.unescape(a.get("action") or page).split("?")[0]
        if not action.startswith("/") or action.startswith(SKIP):
            continue
        names = []
        for _tag, field_attrs in _FIELD.findall(body):
            fa = dict(_ATTR.findall(field_attrs))
            if fa.get("name") and fa["name"] != "csrfmiddlewaretoken" and fa.get("type") != "submit":
                names.append(fa["name"])
        found.append(Form(page=page, action=action, method=a.get("method", "get").lower(), fields=names))
    return found


def crawl(client, *, start: str = "/", limit: int = 120, per_path: int = 2, admin: bool = False, **extra):
    """Breadth-first over same-site links. At most `per_path` query variants of one path."""
    result = Crawl()
    queue, seen, per = deque([start]), {start}, Counter()
    while queue and len(result.pages) < limit:
        url = queue.popleft()
        response = client.get(url, **extra)
        result.pages[url] = response
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        content = response.content.decode()
        result.forms += _forms(urlsplit(url).path, content)
        for href in _HREF.findall(content):
            href = html.unescape(href)
            path = urlsplit(href).path
            if href in seen or href.startswith(SKIP) or (href.startswith("/admin/") and not admin):
                continue
            if per[path] >= per_path or ("/eksport" in path and len(result.pages) > limit // 2):
                continue
            seen.add(href)
            per[path] += 1
            queue.append(href)
    return result


def build_world(*, office, veileder, other_office, other_veileder, leder):
    """A little of everything, so list pages link to detail pages: candidates, an employer with a
    contact, need and contact log, a project with a cohort and an enrolment."""
    from projects import services as project_services
    from tests.candidates.factories import make_candidate, make_consent
    from tests.employers.factories import ContactLogEntryFactory, EmployerFactory, NeedFactory
    from tests.projects.factories import CohortFactory, GoalFactory, ProjectFactory

    candidate = make_candidate(office=office, by=veileder)
    make_candidate(office=other_office, by=other_veileder)
    make_consent(candidate=candidate, by=veileder)
    employer = EmployerFactory()
    NeedFactory(employer=employer)
    ContactLogEntryFactory(employer=employer, user=veileder, unit=office)
    project = ProjectFactory(coordinator=leder)
    project.nav_units.add(office)
    GoalFactory(project=project)
    cohort = CohortFactory(project=project)
    project_services.enrolment_create(
        project=project, cohort=cohort, candidate=candidate, by=veileder, enrolled_on=timezone.localdate()
    )
    return {"candidate": candidate, "employer": employer, "project": project}
