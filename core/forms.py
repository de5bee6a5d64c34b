"""Form helpers shared by every app's views."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django.core.exceptions import ValidationError


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
