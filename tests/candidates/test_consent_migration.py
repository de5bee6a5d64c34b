"""Migrations candidates 0005/0006 and projects 0004: existing consents and cohort employers are
linked to the register where their orgnr is in it, and kept valid as text where it is not."""

import pytest

from candidates.models import Consent
from tests.candidates.factories import make_consent
from tests.employers.factories import EmployerFactory, valid_orgnr
from tests.migrator import Migrator

BEFORE = [("candidates", "0004_vocabulary_profile_fields"), ("projects", "0003_innsatsgruppe_shared_labels")]
AFTER = [("candidates", "0006_consent_constraints_access_log"), ("projects", "0004_cohort_employer_fk")]


@pytest.mark.django_db(transaction=True)
def test_consents_and_cohort_employers_are_linked_with_nothing_lost(veileder, own_candidate, koordinator):
    from projects import services as project_services
    from tests.projects.factories import CohortFactory

    employer = EmployerFactory()
    unknown_orgnr = valid_orgnr()
    known = make_consent(candidate=own_candidate, by=veileder, orgnr=employer.orgnr)
    unknown = make_consent(candidate=own_candidate, by=veileder, orgnr=unknown_orgnr)
    cohort = CohortFactory()
    project_services.cohort_employer_add(cohort=cohort, by=koordinator, orgnr=employer.orgnr, name="Kjent AS")
    project_services.cohort_employer_add(cohort=cohort, by=koordinator, orgnr=unknown_orgnr, name="Ukjent AS")
    migrator = Migrator()
    try:
        old = migrator.before(BEFORE)
        OldConsent = old.get_model("candidates", "Consent")
        OldConsent.objects.filter(pk=known.pk).update(purpose="Jobbmesse Hamar")
        OldConsent.objects.filter(pk=unknown.pk).update(purpose="Lagermedarbeider, arbeidstrening")
        new = migrator.after(AFTER)
        NewConsent = new.get_model("candidates", "Consent")
        rows = {c.pk: c for c in NewConsent.objects.all()}
        assert (rows[known.pk].employer_id, rows[known.pk].purpose, rows[known.pk].subject) == (
            employer.pk,
            "jobbmesse",
            "Jobbmesse Hamar",
        )
        assert (rows[unknown.pk].employer_id, rows[unknown.pk].purpose, rows[unknown.pk].subject) == (
            None,
            "arbeidsutproving",
            "Lagermedarbeider, arbeidstrening",
        )
        for pk, before in ((known.pk, known), (unknown.pk, unknown)):
            after = rows[pk]
            assert (after.employer_orgnr, after.employer_name, after.given_on, after.expires_on) == (
                before.employer_orgnr,
                before.employer_name,
                before.given_on,
                before.expires_on,
            )
        CohortEmployer = new.get_model("projects", "CohortEmployer")
        links = dict(CohortEmployer.objects.filter(cohort_id=cohort.pk).values_list("name", "employer_id"))
        assert links == {"Kjent AS": employer.pk, "Ukjent AS": None}
    finally:
        migrator.finish()
    # The unlinked one is listed for a person to resolve.
    assert list(Consent.objects.filter(employer__isnull=True).values_list("pk", flat=True)) == [unknown.pk]
