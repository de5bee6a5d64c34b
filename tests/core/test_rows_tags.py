"""The list-row helpers (core/templatetags/rows.py) give what the tags they replace give."""

import datetime

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from core.templatetags.rows import plain_date, url_prefix


def _render(source: str, **context) -> str:
    return engines["django"].from_string("{% load rows %}" + source).render(context)


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("fmt", ["j.n.Y", "j. F", "j. F Y"])
def test_plain_date_is_the_date_filter(language, fmt):
    with translation.override(language):
        for month in range(1, 13):
            d = datetime.date(2026, month, month + 10)
            assert _render(f'{{{{ d|plain_date:"{fmt}" }}}}', d=d) == _render(
                f'{{{{ d|date:"{fmt}" }}}}', d=d
            )
    assert plain_date(None, "j.n.Y") == ""


def test_plain_date_refuses_a_datetime():
    with pytest.raises(TypeError):
        plain_date(datetime.datetime(2026, 1, 1, 12), "j.n.Y")


@pytest.mark.parametrize("name", ["placements:detail", "employers:employer_detail", "employers:need_detail"])
def test_url_prefix_and_pk_is_the_url(name):
    assert url_prefix(name) + "4711/" == reverse(name, args=[4711])
    assert _render(f"{{% url_prefix '{name}' as p %}}{{{{ p }}}}12/") == reverse(name, args=[12])


def test_url_prefix_refuses_a_pattern_not_ending_with_its_pk():
    with pytest.raises(ValueError):
        url_prefix("placements:edit")
