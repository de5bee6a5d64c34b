"""Load reference data (counties, municipalities, STYRK-08). It is part of the schema's meaning
(forms offer these codes), so a migration loads it: it exists in production, tests and clones."""

from django.db import migrations


def load(apps, schema_editor):
    from core.reference_data import load_reference_data

    load_reference_data(apps.get_model("core", "County"), apps.get_model("core", "Municipality"), apps.get_model("core", "Occupation"))


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
