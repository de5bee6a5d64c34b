"""Job-fair template tags: what list rows would otherwise include a template for."""

from django import template

from core.templatetags.aksel import aksel_tag

register = template.Library()

# An event's status as an Aksel tag colour (was templates/jobfairs/_status_tag.html, included
# once per row of the calendar).
STATUS_COLOURS = {"publisert": "success", "utkast": "meta-purple", "avlyst": "error"}


@register.simple_tag
def event_status_tag(event):
    return aksel_tag(event.get_status_display(), STATUS_COLOURS.get(event.status, "neutral"))
