"""Template helpers for the Aksel crispy pack and page templates."""

import html
import re

from django import forms, template
from django.forms.boundfield import BoundField
from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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


# Long lists of these get the searchable picker (static/js/app.js over accessible-autocomplete).
PICKER_MODELS = {"core.Municipality", "core.Occupation", "employers.Employer", "candidates.Candidate"}
DASHES = "---------"


def _choose_label(field: BoundField) -> str:
    # «Behov (når samtykket gjelder ett behov)» → «Velg behov»: the label's aside stays in the label.
    label = re.sub(r"\s*\([^)]*\)$", "", str(field.label or ""))
    if label[1:2].islower():  # «Kommune» → «kommune», but «NAV-kontor» keeps its capitals
        label = label[:1].lower() + label[1:]
    return _("Velg %(field)s") % {"field": label} if label else _("Velg")


def _say_what_empty_means(field: BoundField) -> None:
    """«Velg kommune», never «---------», for the empty choice of a select."""
    formfield = field.field
    if isinstance(formfield, forms.ModelChoiceField):
        if formfield.empty_label == DASHES:
            formfield.empty_label = _choose_label(field)  # read lazily by the choice iterator
    elif getattr(formfield, "choices", None) is not None:
        # A model field's choices come as Django's BlankChoiceIterator, not a list.
        choices = list(formfield.choices)
        if any(label == DASHES for _value, label in choices):
            formfield.choices = [
                (value, _choose_label(field) if label == DASHES else label) for value, label in choices
            ]


def _picker(field: BoundField) -> str:
    """ "single", "multiple" or "" : which picker enhances this select in the browser."""
    widget = field.field.widget
    if widget.attrs.get("data-picker") is not None:
        return widget.attrs["data-picker"]
    if getattr(widget, "allow_multiple_selected", False):
        return "multiple"  # never Ctrl-click: chips with a search field
    queryset = getattr(field.field, "queryset", None)
    if queryset is not None and queryset.model._meta.label in PICKER_MODELS:
        return "single"
    return ""


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
    if kind == "select":
        _say_what_empty_means(field)
        picker = _picker(field)
        if picker:
            attrs["data-picker"] = picker
            attrs["data-picker-empty"] = _("Ingen treff")
            if picker == "multiple":
                attrs["data-picker-remove"] = _("Fjern")
                attrs["data-picker-label"] = _("Søk og legg til")
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


def _grouped(number: int) -> str:
    """10000 → "10 000" (Norwegian digit grouping with a non-breaking space)."""
    return f"{number:,}".replace(",", "\u00a0")


@register.simple_tag
def pagination_window(page_obj, siblings: int = 1) -> dict:
    """What the shared pagination component shows: first and last page, the current page with
    `siblings` on each side, ellipses (None) for the gaps, and the rows on this page."""
    paginator = page_obj.paginator
    last = paginator.num_pages
    current = page_obj.number
    wanted = {1, last} | set(range(max(1, current - siblings), min(last, current + siblings) + 1))
    # A gap of exactly one page shows that page instead of an ellipsis.
    items: list[int | None] = []
    previous = 0
    for number in sorted(wanted):
        if number - previous == 2:
            items.append(number - 1)
        elif number - previous > 2:
            items.append(None)
        items.append(number)
        previous = number
    return {
        "items": items,
        "start": _grouped(page_obj.start_index()),
        "end": _grouped(page_obj.end_index()),
        "total": _grouped(paginator.count),
    }


def _field_entries(form, prefix: str = "") -> list[tuple[str, str]]:
    entries = []
    for field in list(form.visible_fields()) + list(form.hidden_fields()):
        label = str(field.label or "").rstrip(":")
        anchor = "" if field.is_hidden else f"#{first_option_id(field)}"
        for error in field.errors:
            name = " – ".join(part for part in (prefix, label) if part)
            entries.append((anchor, f"{name}: {error}" if name else str(error)))
    return entries


@register.simple_tag
def error_summary_entries(form=None, formset=None, item_label: str = "") -> list[tuple[str, str]]:
    """(anchor, text) for every error of a form and/or formset, each naming its field
    ("Navn: Feltet er påkrevet.") and linking to it; form-level errors have no anchor.
    In a formset the row is named too: "Arbeidsgiver 2 – Navn: …"."""
    entries: list[tuple[str, str]] = []
    if form and form.errors:
        entries += [("", str(e)) for e in form.non_field_errors()]
        entries += _field_entries(form)
    if formset:
        entries += [("", str(e)) for e in formset.non_form_errors()]
        for number, row in enumerate(formset.forms, start=1):
            if not row.errors:
                continue
            prefix = f"{item_label} {number}" if item_label else ""
            entries += [("", f"{prefix}: {e}" if prefix else str(e)) for e in row.non_field_errors()]
            entries += _field_entries(row, prefix)
    return entries


@register.filter
def in_sentence(label) -> str:
    """A label inside a sentence: «veileder», but «IA-rådgiver» keeps its acronym."""
    text = str(label)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


@register.simple_tag
def aksel_checkboxes(name: str, choices, selected, id_prefix: str = ""):
    """Small Aksel checkboxes for many choices ((pk, name) pairs), rendered in Python: the same
    markup as a template loop, without a template include per box (the project comparison lists
    300 projects; issue 16)."""
    icon = render_to_string("aksel/checkbox_icon.html").strip()  # safe: rendered by the engine
    ident = escape(id_prefix or f"id_{name}_")
    name = escape(name)
    # One f-string per box with only the names escaped (a pk is an int): format_html_join escaped
    # nine arguments per box, 3,000 calls on the comparison page. The names are str: the standard
    # library's escape (what Django's wraps, lazy-string handling aside) is a third of the cost.
    return mark_safe(  # noqa: S308 - every value is escaped above or is an int
        "".join(
            '<div class="aksel-checkbox aksel-checkbox--small">'
            '<div class="aksel-checkbox__input-wrapper" data-standalone="false">'
            f'<input id="{ident}{int(pk)}" type="checkbox" class="aksel-checkbox__input" name="{name}" '
            f'value="{int(pk)}"{" checked" if pk in selected else ""}>{icon}</div>'
            f'<label for="{ident}{int(pk)}" class="aksel-checkbox__label aksel-body-short '
            f'aksel-body-short--small">{html.escape(label)}</label></div>'
            for pk, label in choices
        )
    )


@register.simple_tag
def aksel_options(choices, selected=None):
    """<option>s for many (value, label) pairs, rendered in Python like `aksel_checkboxes`: a
    template loop over 200 candidates cost more than the rest of the page. The standard
    library's escape is Django's `escape` without its lazy-string wrapper (400 calls a page)."""
    return mark_safe(  # noqa: S308 - every value and label is escaped here
        "".join(
            f'<option value="{html.escape(str(value))}"{" selected" if value == selected else ""}>'
            f"{html.escape(str(label))}</option>"
            for value, label in choices
        )
    )
