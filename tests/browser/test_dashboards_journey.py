"""A coordinator opens their project's dashboard, filters it to the project and the last 12
months, reads the funnel (chart and table) and downloads the export (issue #15)."""

import pytest

from tests.browser import steps
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
    steps.dashboard_filter(page, project="Testprosjekt Hamar", period="Siste 12 måneder")
    main = page.locator("main")
    funnel = page.locator("#tbl-funnel")
    assert funnel.locator("td").first.inner_text() == "12"
    assert "Beskrivende tall" in main.inner_text() and "Testprosjekt Bergen" not in main.inner_text()
    page.wait_for_function("document.querySelector('canvas[data-chart-for=tbl-funnel]').width > 0")
    screenshot(page, "dashboards-project-12m")
    assert_accessible(page)
    content = steps.dashboard_export(page, "Fra påmelding til arbeid")
    assert "Påmeldt;12" in content
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "dashboards-project-12m-narrow")
    assert_accessible(page)
