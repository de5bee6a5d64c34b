"""Form helpers shared by every app's views."""

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


def filter_cache_key(form) -> str:
    """The key under which a filter form's HTML may be cached (templates: {% cache … using=
    "fragments" %}): the form class and exactly the data it was bound with, so the same filters
    render the same HTML, errors included. The language is added by the template."""
    data = sorted(form.data.lists()) if form.is_bound else []
    return f"{type(form).__module__}.{type(form).__name__}:{data!r}"


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the field is on the form,
    otherwise at the top (the error summary), so the user sees it and keeps what they typed."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
