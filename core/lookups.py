"""Long reference lists chosen by typing: the options come on demand, not as thousands of <option>s.

A `Lookup` names a reference list (municipalities, occupations). `LookupField` is its form field:
a text input that takes a name, a code or the label the picker shows ("Hamar – 3403 · Innlandet"),
so the page works without JavaScript (type «Hamar» or «3403»); with JavaScript the picker in
static/js/app.js asks `/valg/<name>/?q=…` (core.views.LookupView) for matching labels. The
chosen value is rendered back as its label. Issue 16 (speed) and issue 9 (pickers).
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Model, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Municipality, Occupation

SEARCH_LIMIT = 20
# The code after the dash of a label: occupation and municipality codes (4 digits), organisation
# numbers (9 digits).
CODE_IN_LABEL = re.compile(r"– (\d{2,9})\b")


@dataclass(frozen=True)
class Lookup:
    name: str  # in the URL: /valg/<name>/
    queryset: Callable[[], QuerySet]
    label: Callable[[Model], str]
    noun: str  # «kommune», in messages
    code_field: str = "code"  # the field a typed number names (an employer's «orgnr»)
    # Whether a number that is no code may name the row's id (links that carry the id). Off where
    # a typed partial code could be an id: «91501» must not pick employer no. 91501.
    id_fallback: bool = True
    # Narrows the list by the picker's query parameters (/valg/arbeidsgivere/?fylke=34), so a
    # form that accepts only part of the list offers only that part.
    narrow: Callable[[QuerySet, Mapping[str, str]], QuerySet] | None = None

    def code(self, obj: Model) -> str:
        return getattr(obj, self.code_field)

    def search(
        self, query: str, limit: int = SEARCH_LIMIT, params: Mapping[str, str] | None = None
    ) -> list[Model]:
        """Those whose name or code matches, names starting with the query first."""
        query = query.strip()
        qs = self.queryset()
        if params and self.narrow is not None:
            qs = self.narrow(qs, params)
        code = self.code_field
        if query:
            qs = qs.filter(Q(name__icontains=query) | Q(**{f"{code}__startswith": query})).annotate(
                rank=Case(
                    When(**{code: query}, then=Value(0)),
                    When(name__istartswith=query, then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            )
            qs = qs.order_by("rank", "name")
        else:
            qs = qs.order_by("name")
        return list(qs[:limit])

    def resolve(self, text: str, queryset: QuerySet | None = None) -> Model | None:
        """The one object the text names (within `queryset` when given, else the whole list);
        ValidationError when none or several fit."""
        text = (text or "").strip()
        if not text:
            return None
        qs = self.queryset() if queryset is None else queryset
        code = text if text.isdigit() else (m.group(1) if (m := CODE_IN_LABEL.search(text)) else None)
        if code:
            found = qs.filter(**{self.code_field: code}).first()
            if found is None and text.isdigit() and self.id_fallback:
                found = qs.filter(pk=int(text)).first()  # links that carry the id
            if found is not None:
                return found
        if found := list(qs.filter(name__iexact=text)[:6]):
            matches = found
        else:
            matches = list(qs.filter(name__icontains=text).order_by("name")[:6])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ValidationError(
                _("Fant ingen %(noun)s som passer «%(text)s».") % {"noun": self.noun, "text": text},
                code="invalid_choice",
            )
        raise ValidationError(
            _("Flere passer «%(text)s»: %(choices)s. Velg en av dem.")
            % {"text": text, "choices": "; ".join(self.label(m) for m in matches[:5])},
            code="ambiguous",
        )


def _municipality_label(m: Municipality) -> str:
    return f"{m.name} – {m.code} · {m.county.name.split(' - ')[0]}"


def _occupation_label(o: Occupation) -> str:
    category = f" · {o.category}" if o.category else ""
    return f"{o.name} – {o.code}{category}"


LOOKUPS: dict[str, Lookup] = {}


def register_lookup(lookup: Lookup) -> Lookup:
    LOOKUPS[lookup.name] = lookup
    return lookup


MUNICIPALITIES = register_lookup(
    Lookup(
        name="kommuner",
        queryset=lambda: Municipality.objects.select_related("county"),
        label=_municipality_label,
        noun=_("kommune"),
    )
)
OCCUPATIONS = register_lookup(
    Lookup(
        name="yrker",
        queryset=lambda: Occupation.objects.filter(level=4),
        label=_occupation_label,
        noun=_("yrke"),
    )
)


class LookupInput(forms.TextInput):
    """A text field the picker enhances (data-picker="remote"): no option list in the page."""

    def __init__(self, lookup: Lookup, attrs=None, params: Mapping[str, str] | None = None):
        self.lookup = lookup
        self.params = params or {}
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-picker": "remote",
                "data-picker-source": reverse("core:lookup", args=[self.lookup.name])
                + (f"?{urlencode(self.params)}" if self.params else ""),
                "data-picker-empty": gettext("Ingen treff"),
                "autocomplete": "off",
            }
        )
        return context


class LookupField(forms.Field):
    """Chooses one object of a reference list by name, code or label (see the module docstring).

    `queryset` narrows what the field accepts (an event's county); `params` are the lookup's
    `narrow` parameters that make the picker offer the same part of the list."""

    def __init__(self, lookup: Lookup, *, queryset: QuerySet | None = None, params=None, **kwargs):
        self.lookup = lookup
        self.queryset = queryset
        kwargs.setdefault("widget", LookupInput(lookup, params=params))
        super().__init__(**kwargs)

    def narrow(self, queryset: QuerySet, params: Mapping[str, str]) -> None:
        """Accept and offer only `queryset`, which the picker gets with `params`."""
        self.queryset = queryset
        self.widget.params = params

    def to_python(self, value):
        if isinstance(value, Model):
            return value
        return self.lookup.resolve(value, self.queryset)

    def prepare_value(self, value):
        """The label of the chosen object; what the user typed when it names none."""
        if value in self.empty_values:
            return ""
        if isinstance(value, Model):
            return self.lookup.label(value)
        try:
            found = self.lookup.resolve(str(value), self.queryset)
        except ValidationError:
            return value
        return self.lookup.label(found) if found else value
