from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "candidates"
    verbose_name = _("Kandidater")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Candidate, CandidateProfile
        from .selectors import aggregates_forget

        def candidate_changed(sender, instance, **kwargs):
            aggregates_forget(candidate=instance)

        def profile_changed(sender, instance, **kwargs):
            candidate = (
                Candidate.objects.filter(pk=instance.candidate_id).only("office", "counsellor").first()
            )
            if candidate is not None:
                aggregates_forget(candidate=candidate)

        # Cached counts (home page, statistics) are dropped when a candidate or profile changes.
        for signal in (post_save, post_delete):
            signal.connect(
                candidate_changed, sender=Candidate, dispatch_uid=f"candidates.aggregates.{signal}"
            )
            signal.connect(
                profile_changed, sender=CandidateProfile, dispatch_uid=f"profiles.aggregates.{signal}"
            )
