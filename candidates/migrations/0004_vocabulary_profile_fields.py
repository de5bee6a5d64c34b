"""One vocabulary with employers' needs (core.vocabulary): the profile gets its birth month (for
age limits, copied from the identity), a structured Norwegian level (read from the language list's
Norwegian line; the list itself is kept), extents as a list (the old "heltid eller deltid" becomes
both), and licence classes up to CE. Reversible: extents go back to the single old value."""

import django.contrib.postgres.fields
from django.db import migrations, models


NORWEGIAN_NAMES = {"norsk", "bokmål", "bokmal", "nynorsk", "norwegian"}
# Language-list level → the shared Norwegian scale (as candidates.models.NORWEGIAN_LEVEL_OF).
NORWEGIAN_LEVEL_OF = {
    "grunnleggende": "grunnleggende",
    "godt": "god",
    "svart_godt": "flytende",
    "morsmal": "morsmal",
}
EXTENTS_OF = {"heltid": ["heltid"], "deltid": ["deltid"], "heltid_deltid": ["heltid", "deltid"], "": []}


def _norwegian_level(languages):
    for entry in languages or []:
        if isinstance(entry, dict) and str(entry.get("language", "")).strip().lower() in NORWEGIAN_NAMES:
            level = NORWEGIAN_LEVEL_OF.get(entry.get("level"))
            if level:
                return level
    return ""


def convert_profiles(apps, schema_editor):
    CandidateProfile = apps.get_model("candidates", "CandidateProfile")
    rows = CandidateProfile.objects.select_related("candidate").only(
        "pk", "extent", "languages", "candidate__birth_date"
    )
    changed = []
    for profile in rows.iterator(chunk_size=2000):
        birth = profile.candidate.birth_date
        profile.birth_month = birth.replace(day=1) if birth else None
        profile.extents = EXTENTS_OF.get(profile.extent, [])
        profile.norwegian_level = _norwegian_level(profile.languages)
        changed.append(profile)
        if len(changed) >= 2000:
            CandidateProfile.objects.bulk_update(changed, ["birth_month", "extents", "norwegian_level"])
            changed = []
    CandidateProfile.objects.bulk_update(changed, ["birth_month", "extents", "norwegian_level"])
    # Fire the deferred foreign-key checks now: PostgreSQL refuses to drop a column of a table
    # with pending trigger events in the same transaction.
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def restore_profiles(apps, schema_editor):
    CandidateProfile = apps.get_model("candidates", "CandidateProfile")
    for extent, extents in EXTENTS_OF.items():
        CandidateProfile.objects.filter(extents=extents).update(extent=extent)
    CandidateProfile.objects.filter(extents=["deltid", "heltid"]).update(extent="heltid_deltid")
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0003_profile_listed"),
        ("core", "0002_reference_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="candidateprofile",
            name="birth_month",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="fødselsmåned"),
        ),
        migrations.AddField(
            model_name="candidateprofile",
            name="extents",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(
                    choices=[("heltid", "Heltid"), ("deltid", "Deltid")], max_length=10
                ),
                blank=True,
                default=list,
                size=None,
                verbose_name="omfang",
            ),
        ),
        migrations.AddField(
            model_name="candidateprofile",
            name="norwegian_level",
            field=models.CharField(
                blank=True,
                choices=[
                    ("grunnleggende", "Grunnleggende"),
                    ("god", "God"),
                    ("flytende", "Flytende"),
                    ("morsmal", "Morsmål"),
                ],
                help_text="Samme skala som behovenes krav til norsk.",
                max_length=20,
                verbose_name="norsknivå",
            ),
        ),
        migrations.AlterField(
            model_name="candidateprofile",
            name="driving_licences",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(
                    choices=[
                        ("AM", "AM (moped)"),
                        ("A1", "A1 (lett motorsykkel)"),
                        ("A2", "A2 (mellomtung motorsykkel)"),
                        ("A", "A (motorsykkel)"),
                        ("B", "B (personbil)"),
                        ("BE", "BE (personbil med tilhenger)"),
                        ("C1", "C1 (lett lastebil)"),
                        ("C1E", "C1E (lett lastebil med tilhenger)"),
                        ("C", "C (lastebil)"),
                        ("CE", "CE (lastebil med tilhenger)"),
                        ("D1", "D1 (minibuss)"),
                        ("D1E", "D1E (minibuss med tilhenger)"),
                        ("D", "D (buss)"),
                        ("DE", "DE (buss med tilhenger)"),
                        ("S", "S (snøscooter)"),
                        ("T", "T (traktor)"),
                    ],
                    max_length=3,
                ),
                blank=True,
                default=list,
                size=None,
                verbose_name="førerkort",
            ),
        ),
        migrations.RunPython(convert_profiles, restore_profiles),
        migrations.RemoveField(
            model_name="candidateprofile",
            name="extent",
        ),
        migrations.AddConstraint(
            model_name="candidateprofile",
            constraint=models.CheckConstraint(
                condition=models.Q(("birth_month__isnull", True), ("birth_month__day", 1), _connector="OR"),
                name="profile_birth_month_first",
            ),
        ),
    ]
