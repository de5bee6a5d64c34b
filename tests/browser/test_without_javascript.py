"""Without JavaScript (issue 17, the accessibility statement's claim): the pickers fall back to
the plain selects they enhance, and proposing a candidate and booking a slot still work."""

import pytest

from jobfairs.models import Booking
from tests.jobfairs.factories import make_event
from tests.matching.conftest import consenting_candidate, employer, need  # noqa: F401 – fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plain_page(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="nb-NO")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def test_propose_and_book_without_javascript(
    plain_page,
    login,
    need,  # noqa: F811
    veileder,
    markedskoordinator,
    office,
):
    page = plain_page
    candidate = consenting_candidate(need, office=office, by=veileder)
    event = make_event(by=markedskoordinator, offices=[office], employers=1, slots=2)

    login(page, veileder)
    page.goto(f"{page.base_url}/matching/behov/{need.pk}/rangering/")
    page.get_by_role("button", name=f"Foreslå {candidate.profile.code}").click()
    page.get_by_text(f"{candidate.profile.code} er foreslått").wait_for()
    assert need.candidate_list.entries.filter(candidate=candidate).exists()

    page.goto(f"{page.base_url}/arrangementer/{event.pk}/book/")
    assert (
        page.get_by_role("combobox", name="Kandidat (ditt kontor)").evaluate("el => el.tagName") == "SELECT"
    )
    page.get_by_label("Kandidat (ditt kontor)").select_option(label="Solberg, Ingrid")
    page.get_by_role("button", name="Vis arbeidsgivere").click()
    page.get_by_role("button", name=f"Book 15:30 {event.employers.get().employer.name}").click()
    page.get_by_text("Booket. Deltakernummer 1.").wait_for()
    assert Booking.objects.filter(candidate=candidate).exists()
    # No axe-core here: it is a script, and scripts are off. The same pages are checked with
    # scripts on in test_keyboard_only.py and the walk.
