"""Consent bound to real things: a foreign key to the register's employer (linked here by orgnr
where the register has it; otherwise left empty, valid as text and listed in the admin under
«Samtykker uten arbeidsgiver»), an optional need, and a purpose chosen from a list. The old free
text purpose is kept word for word as `subject` (the record of what was consented to). The access
log gets the consent under which identity was shared with an employer."""

import django.db.models.deletion
from django.db import migrations, models

# Old free text → purpose; the text itself stays in `subject`.
PURPOSE_WORDS = [
    ("jobbmesse", ("messe", "arrangement", "jobbdag", "treff")),
    ("arbeidsutproving", ("arbeidstrening", "utprøving", "utproving", "praksis", "hospitering")),
]


def purpose_of(text: str) -> str:
    lowered = (text or "").lower()
    for purpose, words in PURPOSE_WORDS:
        if any(word in lowered for word in words):
            return purpose
    return "annet"


def forwards(apps, schema_editor):
    Consent = apps.get_model("candidates", "Consent")
    Employer = apps.get_model("employers", "Employer")
    employers = dict(Employer.objects.values_list("orgnr", "pk"))
    rows = list(Consent.objects.all())
    for consent in rows:
        consent.subject = consent.purpose
        consent.purpose = purpose_of(consent.purpose)
        consent.employer_id = employers.get(consent.employer_orgnr)
    Consent.objects.bulk_update(rows, ["subject", "purpose", "employer"], batch_size=2000)
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def backwards(apps, schema_editor):
    Consent = apps.get_model("candidates", "Consent")
    rows = list(Consent.objects.all())
    for consent in rows:
        consent.purpose = consent.subject
    Consent.objects.bulk_update(rows, ["purpose"], batch_size=2000)
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0004_vocabulary_profile_fields"),
        ("employers", "0002_need_maximum_age_vocabulary"),
    ]

    operations = [
        migrations.AddField(
            model_name="consent",
            name="employer",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="employers.employer",
                verbose_name="arbeidsgiver i registeret",
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="need",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="employers.need",
                verbose_name="behov",
            ),
        ),
        migrations.AddField(
            model_name="consent",
            name="subject",
            field=models.CharField(
                default="",
                help_text="Tittelen på behovet eller arrangementet samtykket gjelder.",
                max_length=200,
                verbose_name="behov eller arrangement",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="consent",
            name="purpose",
            field=models.CharField(
                choices=[
                    ("behov", "Presentasjon for et behov"),
                    ("jobbmesse", "Jobbmesse eller arrangement"),
                    ("arbeidsutproving", "Arbeidstrening eller utprøving hos arbeidsgiveren"),
                    ("annet", "Annet (se beskrivelsen)"),
                ],
                max_length=20,
                verbose_name="formål",
            ),
        ),
    ]
