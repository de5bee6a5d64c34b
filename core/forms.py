"""Form helpers shared by every app's views."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django.core.exceptions import ValidationError


def filter_data(query, form_class, defaults: dict):
    """The data of a list's filter form: the query string, or (when it names none of the form's
    fields, e.g. a first visit or a page link) the user's defaults, such as their own county.
    Choosing «Alle» sends the field empty, so the default is one the user can clear."""
    if any(name in query for name in form_class.base_fields):
        return query
    data = query.copy()
    for name, value in defaults.items():
        if value not in (None, ""):
            data[name] = value
    return data or None


def filter_cache_key(form, live: tuple[str, ...] = ()) -> str:
    """The key under which a filter form's HTML may be cached (templates: {% cache … using=
    "fragments" %}): the form class and exactly the data it was bound with, so the same filters
    render the same HTML, errors included. The language is added by the template. Fields named
    in `live` are rendered outside the cached fragment and their values left out of the key (a
    search term that may be a fødselsnummer is never cached)."""
    # Only the form's own fields: ?page=2 renders the same form as page 1.
    fields = set(form.fields) - set(live)
    data = sorted((k, v) for k, v in form.data.lists() if k in fields) if form.is_bound else []
    # The live fields are in the key too: a fragment with a field differs from one without it.
    return f"{type(form).__module__}.{type(form).__name__}:{data!r}:{sorted(live)!r}"


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the field is on the form,
    otherwise at the top (the error summary), so the user sees it and keeps what they typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def sectioned_helper(form, sections) -> FormHelper:
    """A crispy helper that groups the form's fields in fieldsets with legends. Fields a section
    names but the form lacks (orgnr on edit) are left out; fields no section names come last."""
    named = {name for _legend, names in sections for name in names}
    fieldsets = [
        Fieldset(legend, *[n for n in names if n in form.fields])
        for legend, names in sections
        if any(n in form.fields for n in names)
    ]
    rest = [n for n in form.fields if n not in named]
    if rest:
        fieldsets.append(Fieldset("", *rest))
    helper = FormHelper(form)
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fieldsets)
    return helper
