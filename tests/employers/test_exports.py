import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.exports import neutralise

from .factories import EmployerFactory, NeedFactory

pytestmark = pytest.mark.django_db

EVIL = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_neutralise():
    for value in EVIL:
        assert neutralise(value) == "'" + value
    assert neutralise("Vanlig AS") == "Vanlig AS"
    assert neutralise(12) == 12 and neutralise(None) == ""


def test_csv_and_excel_exports_neutralise_formulas(radgiver, client_for):
    for i, evil in enumerate(EVIL):
        employer = EmployerFactory(name=evil, industry=f"=cmd|'/C calc'!A{i}")
        NeedFactory(employer=employer, title=evil, tasks="-oppgave")
    client = client_for(radgiver)
    csv_text = client.get(reverse("employers:employer_export") + "?format=csv").content.decode("utf-8-sig")
    cells = [c for row in list(csv.reader(io.StringIO(csv_text, newline=""), delimiter=";"))[1:] for c in row]
    for evil in EVIL:
        assert f"'{evil}" in cells
    assert cells and not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)
    for url in (reverse("employers:employer_export"), reverse("employers:need_export")):
        response = client.get(url + "?format=xlsx")
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        sheet = load_workbook(io.BytesIO(response.content)).active
        values = [c.value for row in sheet.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
        assert values and not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in values)


def test_export_is_for_managers_only(veileder, client_for):
    assert client_for(veileder).get(reverse("employers:employer_export")).status_code == 403
