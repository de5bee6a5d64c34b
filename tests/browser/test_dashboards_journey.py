"""A coordinator opens their project's dashboard, filters it to the project and the last 12
months, reads the funnel (chart and table) and downloads the export (issue #15)."""

import pytest

from tests.dashboards.conftest import CUTOFF, world  # noqa: F401 – the factory-built world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_filters_their_project_to_12_months_and_downloads(
    page,
    login,
    screenshot,
    assert_accessible,
    world,  # noqa: F811
    koordinator,
):
    from dashboards.services import snapshot_build

    snapshot_build(cutoff=CUTOFF)
    login(page, koordinator)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Resultater").click()
    page.get_by_label("Prosjekt").select_option(label="Testprosjekt Hamar")
    page.get_by_label("Periode").select_option(label="Siste 12 måneder")
    page.get_by_role("button", name="Vis tall").click()
    main = page.locator("main")
    assert page.get_by_role("heading", name="Resultater: Testprosjekt Hamar", level=1).is_visible()
    funnel = page.locator("#tbl-funnel")
    assert funnel.locator("td").first.inner_text() == "12"
    assert "Beskrivende tall" in main.inner_text() and "Testprosjekt Bergen" not in main.inner_text()
    page.wait_for_function("document.querySelector('canvas[data-chart-for=tbl-funnel]').width > 0")
    screenshot(page, "dashboards-project-12m")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned CSV – Fra påmelding til arbeid").click()
    content = download.value.path().read_text("utf-8-sig")
    assert "Påmeldt;12" in content
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "dashboards-project-12m-narrow")
    assert_accessible(page)
