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


def _render(page, query_string: str = "") -> str:
    return Template('{% include "components/pagination.html" %}').render(
        Context({"page_obj": page, "query_string": query_string})
    )


def test_cached_component_follows_page_size_and_filters():
    """The component's HTML is cached per process (issue 16): every input is in the key (and the
    language, though the English catalogue has no texts of it yet)."""
    assert "Viser 26–50 av 1\u00a0000" in _render(Paginator(range(1000), 25).get_page(2))
    # One row more, another page, another page size, other filters: each shows its own.
    assert "Viser 26–50 av 1\u00a0001" in _render(Paginator(range(1001), 25).get_page(2))
    assert "Viser 51–75 av 1\u00a0000" in _render(Paginator(range(1000), 25).get_page(3))
    assert "Viser 11–20 av 1\u00a0000" in _render(Paginator(range(1000), 10).get_page(2))
    assert 'href="?q=elverum&amp;page=40"' in _render(Paginator(range(1000), 25).get_page(2), "q=elverum")
    # The last page may take the orphans: 985 rows are 40 pages, or 39 with 10 orphans.
    assert 'page=40"' in _render(Paginator(range(985), 25).get_page(2))
    html = _render(Paginator(range(985), 25, orphans=10).get_page(2))
    assert 'page=39"' in html and 'page=40"' not in html
