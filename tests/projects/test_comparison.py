"""Acceptance: the comparison page, built from demo data, shows the report's Tables 4.1 and 4.2.

The expected values are the report's cells (L1282–1441 and L1661–1796), typed from the report,
with the PDF's line breaks joined and hyphenation undone.
"""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from projects.models import Project

pytestmark = pytest.mark.django_db

PROJECTS = [
    "JobbLoop",
    "Springbrett",
    "Ta sjansen",
    "Best i lag",
    "Utvei/Jobbkondis",
    "Mangfoldig rekruttering",
    "Framsnakk",
    "Matchemøter",
]
SPESIELT = "Spesielt tilpasset"
SAMHANDLING = "Samhandling internt i NAV, matching av virksomheter og kandidater"
MESTRING = "Økt mestring/selvtillit/målarbeid/læring/utvikling/ordinært arbeid"
KUNNSKAP = "Kunnskaps-/mestringstiltak/selvutvikling/målarbeid"
ARBEIDSTRENING = "Arbeidstrening – mål om ansettelse"
UNGE = "Unge under 30 år med funksjonsnedsettelse"

TABLE_4_1 = {
    "Oppstart": ["2014", "2014", "2013", "2013", "2016", "2016", "2016", "–"],
    "Fokus": [
        SAMHANDLING,
        SAMHANDLING,
        SAMHANDLING,
        "Bruker, gruppetiltak",
        "Bruker, gruppetiltak",
        "Virksomheter, nettverk",
        "Bruker, gruppetiltak",
        "Intern samhandling i NAV mellom NAV-kontor og a-senter",
    ],
    "Formål": [
        "Overgang til ordinært arbeid",
        "Overgang til ordinært arbeid",
        "Skaffe arbeidstrening for avklaring og senere mulig overgang til ordinært arbeid",
        MESTRING,
        MESTRING,
        "Øke private og offentlige virksomheters inkluderingskompetanse og -praksis",
        "Bidra til kunnskap, mestring og motivasjon for arbeid (og utdanning)",
        "NAV-intern matching av virksomheter og kandidater",
    ],
    "Målgruppe": [
        UNGE,
        "Alle aldre, men i praksis er det unge under 30 år",
        UNGE,
        "Personer 18–64 år",
        "Unge under (30 år) 40 år med funksjonsnedsettelse*",
        "Virksomheter som ønsker å endre rekrutteringspraksis",
        UNGE,
        "–",
    ],
    "Aktører": [
        "a-senter, NAV-kontor, virksomheter, kandidater",
        "a-senter, NAV-kontor, virksomheter, kursarrangør, kandidater",
        "a-senter, NAV Marked og virkemidler, NAV-kontor, virksomheter, kandidater, ev. også hjelpemiddelsentralen",
        "a-senter, rådgivende overlege (NAV), forskere (UNI Helse Bergen)",
        "NAV, kandidat, (virksomhet)",
        "a-senter, virksomheter (NAV-kontor)",
        "a-senter, NAV-kontor, virksomheter, ulike kommunale aktører i Jevnaker",
        "a-senter, NAV-kontor, Hjelpemiddelsentralen",
    ],
}
TABLE_4_2 = {
    "Varighet for kandidat og virksomhet": [
        "Tolv måneder (men avsluttes hvis kandidaten får arbeid i loopvirksomhet / annet sted)",
        "Inntil tolv måneder (+ forberedelser)",
        "Tre måneder",
        "Tre måneder",
        "–",
        "–",
        "Framsnakket i virksomhet er kortvarig og en engangsforeteelse",
        "–",
    ],
    "Tiltak": [
        ARBEIDSTRENING,
        ARBEIDSTRENING,
        ARBEIDSTRENING,
        "Gruppetiltak – mål om ordinært arbeid (ev. via arbeidstrening)",
        "Gruppetiltak – mål om arbeid i ordinær virksomhet",
        "Bedriftsnettverk – endring av rekrutteringspolitikk",
        "Gruppetiltak",
        "Finne arbeidstreningsvirksomheter til kandidater",
    ],
    "Metodikk": [
        "Jobbmatch og tett oppfølging av virksomhet og kandidat",
        "Jobbmatch",
        "Jobbmatch gjennom jobbmesseintervju, etterfulgt av SE på tiltak",
        KUNNSKAP,
        KUNNSKAP,
        "Informasjon og erfaringsutveksling gjennom nettverksmøter",
        "Bedriftsbesøk, som det kan bygges aktiviteter/opplegg rundt",
        "Arbeidsmøter",
    ],
}
# Innsatskategori (L1671–1700): the report's words must appear in the cell.
INNSATS = [
    [SPESIELT],
    [SPESIELT],
    [SPESIELT, "og sykemeldte uten arbeidsgiver"],
    ["Standard"],
    ["Standard"],
    ["–"],
    ["Jevnaker: spesielt tilpasset innsats, noe situasjonsbestemt"],
    [SPESIELT],
]


class _Tables(HTMLParser):
    """Collects the rows (header cell + data cells, as text) of tables with an id."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self._table = self.tables.setdefault(attrs["id"], [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._table[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _rows(html: str, table_id: str) -> dict[str, dict[str, str]]:
    parser = _Tables()
    parser.feed(html)
    header, *rows = parser.tables[table_id]
    names = header[1:]
    return {row[0]: dict(zip(names, row[1:], strict=True)) for row in rows}


def test_comparison_shows_tables_4_1_and_4_2_for_the_report_projects(report_projects, client_for, veileder):
    ids = [Project.objects.get(name=name).pk for name in PROJECTS]
    response = client_for(veileder).get(reverse("projects:compare"), {"p": ids})
    html = response.content.decode()
    table_4_1, table_4_2 = _rows(html, "table-4-1"), _rows(html, "table-4-2")
    assert set(table_4_1["Oppstart"]) == set(PROJECTS)
    for row, expected in TABLE_4_1.items():
        for name, value in zip(PROJECTS, expected, strict=True):
            assert table_4_1[row][name] == value, (row, name)
    for row, expected in TABLE_4_2.items():
        for name, value in zip(PROJECTS, expected, strict=True):
            assert table_4_2[row][name] == value, (row, name)
    for name, fragments in zip(PROJECTS, INNSATS, strict=True):
        cell = table_4_2["Innsatsgruppe"][name]
        for fragment in fragments:
            assert fragment.lower() in cell.lower(), (name, cell)


def test_comparison_without_selection_shows_all_projects(report_projects, client_for, radgiver):
    html = client_for(radgiver).get(reverse("projects:compare")).content.decode()
    assert len(_rows(html, "table-4-1")["Oppstart"]) == Project.objects.count() == 14
