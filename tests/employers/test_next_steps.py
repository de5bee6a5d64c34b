"""«Mine neste steg» on the home page of advisers and market coordinators."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from employers import selectors, services
from tests.employers.factories import EmployerFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _log(employer, by, days_ago, **kwargs):
    return services.contact_log_create(
        employer=employer,
        by=by,
        occurred_at=timezone.now() - datetime.timedelta(days=days_ago),
        channel="telefon",
        purpose="Oppfølging",
        **kwargs,
    )


def test_next_steps_overdue_first_then_due_then_planned(radgiver):
    today = timezone.localdate()
    late, soon, planned, done, far = (
        EmployerFactory(name=n) for n in ["Sen AS", "Snart AS", "Plan AS", "Ferdig AS", "Fjern AS"]
    )
    _log(late, radgiver, 20, next_step="Send tilbud", next_step_on=today - datetime.timedelta(days=3))
    _log(soon, radgiver, 2, next_step="Ring tilbake", next_step_on=today + datetime.timedelta(days=2))
    _log(planned, radgiver, -5)  # a contact planned in five days
    _log(done, radgiver, 10, next_step="Besøk", next_step_on=today - datetime.timedelta(days=1))
    _log(done, radgiver, 1)  # followed up since: the step is done
    _log(far, radgiver, 1, next_step="Senere", next_step_on=today + datetime.timedelta(days=60))

    steps = selectors.my_next_steps(user=radgiver)
    assert [s["employer_name"] for s in steps] == ["Sen AS", "Snart AS", "Plan AS"]
    assert steps[0]["overdue"] and not steps[1]["overdue"] and steps[2]["planned"]


def test_next_steps_apply_the_contact_log_scope_exactly(radgiver, monkeypatch):
    """my_next_steps is hand-written SQL (issue 16): the scope of accounts.access.visible() must
    still decide which entries count — none for a user outside NAV, and a narrowing scope's
    condition when a rule adds one (the register is shared today, so the rule is replaced here)."""
    from django.db.models import Value

    from accounts import access
    from employers.models import ContactLogEntry

    today = timezone.localdate()
    shown, hidden = EmployerFactory(name="Synlig AS"), EmployerFactory(name="Skjult AS")
    _log(shown, radgiver, 2, next_step="Ring", next_step_on=today)
    _log(hidden, radgiver, 2, next_step="Ring", next_step_on=today)
    _log(hidden, radgiver, -2)  # a planned contact
    assert {s["employer_name"] for s in selectors.my_next_steps(user=radgiver)} == {
        "Synlig AS",
        "Skjult AS",
    }

    def narrowed(user, qs):  # an expression on the right: Django's SQL then has LIKE '%%' || …
        return qs.exclude(employer__name__contains=Value("Skjult"))

    label = ContactLogEntry._meta.label
    monkeypatch.setitem(access._scopes, label, narrowed)
    assert [s["employer_name"] for s in selectors.my_next_steps(user=radgiver)] == ["Synlig AS"]
    monkeypatch.setitem(access._scopes, label, lambda user, qs: qs.none())
    assert selectors.my_next_steps(user=radgiver) == []
    monkeypatch.undo()
    outsider = UserFactory()  # no NAV role: the shared register is not theirs
    _log(shown, outsider, 1, next_step="Ring", next_step_on=today)
    assert selectors.my_next_steps(user=outsider) == []


def test_home_page_shows_next_steps(client_for, radgiver):
    employer = EmployerFactory(name="Hamar Lager AS")
    _log(employer, radgiver, 5, next_step="Send avtaleutkast", next_step_on=timezone.localdate())
    content = client_for(radgiver).get(reverse("core:home")).content.decode()
    assert "Mine neste steg" in content
    assert "Send avtaleutkast" in content


def test_planned_contact_is_marked_in_the_log(client_for, radgiver):
    _log(EmployerFactory(), radgiver, -3)
    content = client_for(radgiver).get(reverse("employers:contact_log")).content.decode()
    assert "Planlagt" in content


def test_home_rows_show_dates_tags_links_and_escape_text(client_for, radgiver, veileder):
    """The rows rendered in Python (employers/templatetags/employer_tags.py): each kind of row with
    its date, tag and link, every text escaped."""
    from employers.models import Need
    from tests.employers.factories import NeedFactory

    today = timezone.localdate()
    late, planned = EmployerFactory(name="Sen & Co <AS>"), EmployerFactory(name="Plan AS")
    _log(late, radgiver, 20, next_step="Send <tilbud>", next_step_on=today - datetime.timedelta(days=3))
    at = timezone.localtime(_log(planned, radgiver, -5).occurred_at)
    content = client_for(radgiver).get(reverse("core:home")).content.decode()
    late_day = today - datetime.timedelta(days=3)
    assert f'<li class="app-timeline--overdue"><strong>{late_day.day}. ' in content
    assert (
        f'href="{reverse("employers:employer_detail", args=[late.pk])}">Sen &amp; Co &lt;AS&gt;</a>'
        in content
    )
    assert "Send &lt;tilbud&gt;" in content and "Forfalt" in content
    assert f'<li class="app-timeline--planned"><strong>{at.day}. ' in content
    assert f"kl. {at:%H:%M}</strong>" in content and "Telefon: Oppfølging" in content

    deadline = today + datetime.timedelta(days=40)
    opened = {"status": Need.Status.OPEN, "opened_at": timezone.now()}
    one = NeedFactory(title="Én <plass>", places=1, deadline=deadline, **opened)
    NeedFactory(title="To plasser", places=2, employer=one.employer, **opened)
    content = client_for(veileder).get(reverse("core:home")).content.decode()
    assert f'href="{reverse("employers:need_detail", args=[one.pk])}">Én &lt;plass&gt;</a>' in content
    assert " · 1 plass · frist " in content and " · 2 plasser</span>" in content
