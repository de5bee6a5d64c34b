"""Cite the Fafo report (2018:46) as readers know it: "Fafo-rapport 2018:46, tabell 5.4" or
"avsnitt 5.3 Ta sjansen", not the line numbers ("L3967", "L3758–4177") the demo data carries.

The index of sections, tables and figures by line is core/data/fafo_2018_46_anchors.json, made by
tools/report_anchors.py from the report text.
"""

import json
import re
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

ANCHORS = Path(__file__).resolve().parent / "data" / "fafo_2018_46_anchors.json"
LINE_REF = re.compile(r"L(\d+)(?:\s*[–-]\s*L?(\d+))?")
# A table or figure caption this many lines above the cited line is what the line belongs to.
CAPTION_REACH = 60


@cache
def _anchors() -> list[tuple[int, str, str, str]]:
    return [tuple(a) for a in json.loads(ANCHORS.read_text("utf-8"))]


def _place(start: int, end: int) -> str:
    anchors = _anchors()
    captions = [a for a in anchors if a[1] != "avsnitt" and start - CAPTION_REACH <= a[0] <= end]
    if captions and end - start < 200:
        _line, kind, number, _title = captions[-1] if captions[-1][0] <= start else captions[0]
        return f"{kind} {number}"
    sections = [a for a in anchors if a[1] == "avsnitt" and a[0] <= start]
    if sections:
        _line, _kind, number, title = sections[-1]
        return _("avsnitt %(number)s %(title)s") % {"number": number, "title": title}
    return _("innledningen")


def cite(refs: str) -> str:
    """ "L3967" → "Fafo-rapport 2018:46, tabell 5.4"; text without line references is kept."""
    if not refs:
        return ""
    places = []
    for m in LINE_REF.finditer(refs):
        start = int(m.group(1))
        end = int(m.group(2)) if m.group(2) else start
        if end < start:  # "L3758–62" style: the end shares the start's leading digits
            end = int(str(start)[: len(str(start)) - len(m.group(2))] + m.group(2))
        place = _place(start, end)
        if place not in places:
            places.append(place)
    if not places:
        return refs
    return _("Fafo-rapport 2018:46, %(places)s") % {"places": ", ".join(places)}


def strip_line_refs(text: str) -> str:
    """Free text from the demo data without its "(L3651)" and ", L3651" line references."""
    text = re.sub(r"\s*\(\s*L\d+(?:\s*[–-]\s*L?\d+)?\s*\)", "", text)
    return re.sub(r",?\s*L\d+(?:\s*[–-]\s*L?\d+)?", "", text).strip()
