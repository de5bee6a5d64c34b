"""The employer register as a picker list (core.lookups): forms that choose an employer take a
name, an organisation number or the picker's label instead of rendering 10,000 <option>s
(issue 16: the mentor page spent 1.4 s per request on them)."""

from collections.abc import Mapping

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.lookups import Lookup, register_lookup

from .models import Employer


def _label(employer: Employer) -> str:
    return f"{employer.name} – {employer.orgnr} · {employer.municipality.name}"


def _narrow(queryset: QuerySet, params: Mapping[str, str]) -> QuerySet:
    """`?fylke=<county id>`: a job fair takes employers of its own county."""
    county = params.get("fylke", "")
    return queryset.filter(county_id=int(county)) if county.isdigit() else queryset


EMPLOYERS = register_lookup(
    Lookup(
        name="arbeidsgivere",
        queryset=lambda: Employer.objects.select_related("municipality"),
        label=_label,
        noun=_("arbeidsgiver"),
        code_field="orgnr",
        id_fallback=False,  # links carry the organisation number
        narrow=_narrow,
    )
)
