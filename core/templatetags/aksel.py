"""Template helpers for the Aksel crispy pack and page templates."""

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import format_html

register = template.Library()

INPUT_CLASSES = "aksel-text-field__input aksel-body-short aksel-body-short--medium"
TEXTAREA_CLASSES = "aksel-textarea__input aksel-body-short aksel-body-short--medium"
SELECT_CLASSES = "aksel-select__input aksel-body-short aksel-body-short--medium"
CHECKBOX_CLASSES = "aksel-checkbox__input"


@register.filter
def field_kind(field: BoundField) -> str:
    """Which Aksel component renders this field."""
    widget = field.field.widget
    if widget.is_hidden:
        return "hidden"
    # CheckboxSelectMultiple subclasses RadioSelect in Django, so it must be tested first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radio"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):  # also SelectMultiple and NullBooleanSelect
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


@register.filter
def error_id(field: BoundField) -> str:
    return f"{field.auto_id}-error"


@register.filter
def description_id(field: BoundField) -> str:
    return f"{field.auto_id}-description"


@register.filter
def first_option_id(field: BoundField) -> str:
    """Where an error summary link should land: the field, or its first option in a group."""
    if field_kind(field) in ("radio", "checkboxes"):
        for option in field:
            return option.id_for_label
    return field.auto_id


def _describedby(field: BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(description_id(field))
    if field.errors:
        ids.append(error_id(field))
    return " ".join(ids)


@register.simple_tag
def aksel_widget(field: BoundField):
    """Render the field's own widget with Aksel classes and the aria links to help and errors."""
    kind = field_kind(field)
    widget = field.field.widget
    css = {
        "textarea": TEXTAREA_CLASSES,
        "select": SELECT_CLASSES,
        "checkbox": CHECKBOX_CLASSES,
    }.get(kind, INPUT_CLASSES)
    attrs = {"class": css}
    describedby = _describedby(field)
    if describedby:
        attrs["aria-describedby"] = describedby
    if field.errors:
        attrs["aria-invalid"] = "true"
    if isinstance(widget, forms.DateInput) and widget.input_type == "text":
        # A native date picker needs type=date and ISO values; every browser NAV uses has one.
        widget.input_type = "date"
        widget.format = "%Y-%m-%d"
    if kind == "textarea":
        attrs.setdefault("rows", widget.attrs.get("rows", 4))
    return field.as_widget(attrs=attrs)


@register.simple_tag
def alert_variant(message_tags: str) -> str:
    for tag in ("error", "warning", "success"):
        if tag in message_tags:
            return tag
    return "info"


@register.simple_tag
def aksel_tag(text, color="neutral"):
    return format_html(
        '<span data-color="{}" data-variant="outline" '
        'class="aksel-tag aksel-tag--small aksel-body-short aksel-body-short--small">{}</span>',
        color,
        text,
    )
