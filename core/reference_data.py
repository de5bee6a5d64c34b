"""Counties, municipalities and STYRK-08 occupations from core/data (see core/data/SOURCES.md).

Takes the model classes as arguments so the data migration can pass its historical models and
tests can reload the rows after a transactional test flushed them. Idempotent: missing rows are
bulk-inserted, existing ones are left alone.
"""

import csv
import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
UNSPECIFIED_COUNTY = "99"
UNSPECIFIED_MUNICIPALITY = "9999"


def _codes(filename: str) -> list[dict]:
    return json.loads((DATA / filename).read_text("utf-8"))["codes"]


def load_reference_data(County, Municipality, Occupation) -> None:
    existing = set(County.objects.values_list("code", flat=True))
    County.objects.bulk_create(
        County(code=row["code"], name=row["name"].strip())
        for row in _codes("ssb_klass104_fylker_from2024-01-01.json")
        if row["code"] != UNSPECIFIED_COUNTY and row["code"] not in existing
    )
    counties = dict(County.objects.values_list("code", "pk"))

    existing = set(Municipality.objects.values_list("code", flat=True))
    Municipality.objects.bulk_create(
        Municipality(code=row["code"], name=row["name"].strip(), county_id=counties[row["code"][:2]])
        for row in _codes("ssb_klass131_kommuner_from2024-01-01.json")
        if row["code"] != UNSPECIFIED_MUNICIPALITY and row["code"] not in existing
    )

    categories = {}
    with (DATA / "styrk_category_mapping.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            # The source has trailing spaces in some category names (SOURCES.md caveat).
            categories[row["Styrk code"].strip()] = (
                row["Category level 1"].strip(),
                row["Category level 2"].strip(),
            )

    occupations = _codes("ssb_klass7_styrk08_from2024-01-01.json")
    for level in ("1", "2", "3", "4"):
        existing = dict(Occupation.objects.values_list("code", "pk"))
        Occupation.objects.bulk_create(
            Occupation(
                code=row["code"],
                name=row["name"].strip(),
                level=int(level),
                parent_id=existing.get(row["parentCode"]) if row["parentCode"] else None,
                category=categories.get(row["code"], ("", ""))[0],
                subcategory=categories.get(row["code"], ("", ""))[1],
            )
            for row in occupations
            if row["level"] == level and row["code"] not in existing
        )
