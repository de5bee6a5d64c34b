"""Rebuild the derived search terms when their sources change, in the same transaction as the
change (a rolled-back edit rolls back its terms too)."""

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from candidates.models import CandidateProfile
from employers.models import Employer, Need

from .indexing import need_terms_refresh, profile_terms_refresh
from .models import TravelPreference


def _profile_changed(pk):
    profile_terms_refresh(profile_ids=[pk])


@receiver(post_save, sender=CandidateProfile)
def _profile_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _profile_changed(instance.pk)


@receiver(m2m_changed, sender=CandidateProfile.job_wishes.through)
def _wishes_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, CandidateProfile):
        _profile_changed(instance.pk)


@receiver(m2m_changed, sender=TravelPreference.counties.through)
def _travel_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, TravelPreference):
        _profile_changed(instance.profile_id)


@receiver(post_save, sender=Need)
def _need_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        need_terms_refresh(need_ids=[instance.pk])


@receiver(post_save, sender=Employer)
def _employer_saved(sender, instance, raw=False, **kwargs):
    # The needs' rows carry the employer's facilitation offers.
    if not raw:
        need_terms_refresh(need_ids=list(Need.objects.filter(employer=instance).values_list("pk", flat=True)))
