"""Load counties, municipalities and STYRK-08 occupations from core/data (see core/data/SOURCES.md).

Reference data is part of the schema's meaning (forms offer these codes), so it is loaded by a
migration rather than by demo seeding: it exists in production, in tests and in every clone.
"""

import csv
import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"
UNSPECIFIED_COUNTY = "99"
UNSPECIFIED_MUNICIPALITY = "9999"


def load(apps, schema_editor):
    County = apps.get_model("core", "County")
    Municipality = apps.get_model("core", "Municipality")
    Occupation = apps.get_model("core", "Occupation")

    counties = json.loads((DATA / "ssb_klass104_fylker_from2024-01-01.json").read_text("utf-8"))["codes"]
    by_code = {}
    for row in counties:
        if row["code"] == UNSPECIFIED_COUNTY:
            continue
        by_code[row["code"]], _ = County.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"].strip()}
        )

    municipalities = json.loads((DATA / "ssb_klass131_kommuner_from2024-01-01.json").read_text("utf-8"))["codes"]
    for row in municipalities:
        if row["code"] == UNSPECIFIED_MUNICIPALITY:
            continue
        Municipality.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"].strip(), "county": by_code[row["code"][:2]]}
        )

    categories = {}
    with (DATA / "styrk_category_mapping.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            categories[row["Styrk code"].strip()] = (row["Category level 1"].strip(), row["Category level 2"].strip())

    occupations = json.loads((DATA / "ssb_klass7_styrk08_from2024-01-01.json").read_text("utf-8"))["codes"]
    created = {}
    for row in sorted(occupations, key=lambda r: (int(r["level"]), r["code"])):
        category, subcategory = categories.get(row["code"], ("", ""))
        created[row["code"]], _ = Occupation.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"].strip(),
                "level": int(row["level"]),
                "parent": created.get(row["parentCode"]) if row["parentCode"] else None,
                "category": category,
                "subcategory": subcategory,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
