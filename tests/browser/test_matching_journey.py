"""A counsellor proposes two candidates to a need, the adviser shares the list, the employer
(through the link, not logged in) wants to meet one, and the counsellor sees it and its history."""

import pytest
from django.utils import timezone

from tests.candidates.factories import make_candidate, make_consent
from tests.employers.factories import EmployerFactory, NeedFactory, municipality
from tests.matching.conftest import occupation, set_profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_propose_share_and_employer_answer(
    page, login, logout, veileder, radgiver, office, screenshot, assert_accessible
):
    employer = EmployerFactory(name="Butikken AS", municipality=municipality("3403"))
    need = NeedFactory(
        employer=employer,
        title="Butikkmedarbeider",
        tasks="Kasse og kundeservice",
        occupation=occupation("5223"),
        status="apen",
        opened_at=timezone.now(),
        facilitation=["arbeidstid:fleksibel"],
    )
    first = make_candidate(office=office, by=veileder, first_name="Ingrid", last_name="Solberg")
    set_profile(
        first, veileder, wishes=["5223"], competence="Kassesystem", facilitation={"arbeidstid": ["fleksibel"]}
    )
    make_consent(candidate=first, by=veileder, orgnr=employer.orgnr, employer_name=employer.name, need=need)
    second = make_candidate(office=office, by=veileder, first_name="Omar", last_name="Hansen")
    set_profile(second, veileder, wishes=["5221"], competence="Kundeservice")

    # The counsellor finds both on the need page and proposes them.
    login(page, veileder)
    page.goto(f"{page.base_url}/behov/{need.pk}/")
    page.get_by_role("heading", name="Kandidater som passer").wait_for()
    assert_accessible(page)
    screenshot(page, "matching-need-suggestions")
    page.get_by_role("button", name=f"Foreslå {first.profile.code}").click()
    page.get_by_text(f"{first.profile.code} er foreslått").wait_for()
    page.goto(f"{page.base_url}/behov/{need.pk}/")
    page.get_by_role("button", name=f"Foreslå {second.profile.code}").click()
    # No consent for this employer: the counsellor is sent to record one.
    page.wait_for_url(f"**/kandidater/{second.pk}/samtykke/ny/**")
    assert "har ikke samtykke" in page.content()
    logout(page)

    # The adviser shares the list with the employer.
    login(page, radgiver)
    page.goto(f"{page.base_url}/matching/behov/{need.pk}/kandidatliste/")
    assert_accessible(page)
    assert "Ingrid" not in page.content()
    page.get_by_label("Kontaktperson hos arbeidsgiveren").fill("Per Butikksjef")
    page.get_by_role("button", name="Lag delingslenke").click()
    url = page.locator("[data-share-url]").inner_text().strip()
    logout(page)

    # The employer opens the link without logging in and wants to meet the first candidate.
    page.goto(url)
    page.get_by_role("heading", name="Kandidater til Butikkmedarbeider").wait_for()
    assert_accessible(page)
    screenshot(page, "matching-shared-list")
    content = page.content()
    assert "Ingrid Solberg" in content  # consent for this employer
    assert "Omar" not in content and "Hansen" not in content
    section = page.locator("section[data-entry]").filter(has_text="Ingrid Solberg")
    section.get_by_label("Vil møte").check()
    section.get_by_role("button", name="Send svar").click()
    page.get_by_text("Takk! Svaret er sendt til NAV.").wait_for()

    # The counsellor sees the answer and its history.
    login(page, veileder)
    page.goto(f"{page.base_url}/matching/behov/{need.pk}/kandidatliste/")
    row = page.locator("tr[data-entry]").filter(has_text="Ingrid Solberg")
    assert "Vil møte" in row.inner_text()
    assert "Per Butikksjef (arbeidsgiver)" in row.inner_text()
    assert "Til intervju" in row.inner_text()
    screenshot(page, "matching-list-answered")
    assert_accessible(page)
