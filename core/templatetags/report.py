"""{{ x.source_lines|report_source }}: the Fafo report cited by table or section, not by line."""

from django import template

from core.report import cite, strip_line_refs

register = template.Library()


@register.filter
def report_source(refs: str) -> str:
    return cite(refs or "")


@register.filter
def without_line_refs(text: str) -> str:
    return strip_line_refs(text or "")
