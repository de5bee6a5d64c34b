"""The one shared pagination component: page numbers, first/last, ellipses and the row range."""

from django.core.paginator import Paginator
from django.template import Context, Template

from core.templatetags.aksel import pagination_window


def test_window_shows_first_last_and_neighbours():
    page = Paginator(range(10_000), 25).get_page(2)
    window = pagination_window(page)
    assert window["items"] == [1, 2, 3, None, 400]
    assert (window["start"], window["end"], window["total"]) == ("26", "50", "10\u00a0000")


def test_a_gap_of_one_page_shows_the_page():
    page = Paginator(range(125), 25).get_page(3)
    assert pagination_window(page)["items"] == [1, 2, 3, 4, 5]


def test_component_keeps_filters_and_marks_current_page():
    page = Paginator(range(10_000), 25).get_page(2)
    html = Template('{% include "components/pagination.html" %}').render(
        Context({"page_obj": page, "query_string": "q=hamar"})
    )
    assert "Viser 26–50 av 10\u00a0000" in html
    assert 'href="?q=hamar&amp;page=400"' in html
    assert 'aria-current="page"' in html and "aksel-pagination__item--selected" in html


def test_single_page_shows_only_the_range():
    page = Paginator(range(3), 25).get_page(1)
    html = Template('{% include "components/pagination.html" %}').render(Context({"page_obj": page}))
    assert "Viser 1–3 av 3" in html
    assert "aksel-pagination__list" not in html
