"""Forms of the projects app. They validate and shape input; services do the writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import NavUnit, User
from candidates.models import Candidate
from core.forms import sectioned_helper
from core.models import County
from core.validators import validate_orgnr
from core.vocabulary import Innsatsgruppe

from .models import (
    EXIT_REASONS,
    Anchoring,
    Cohort,
    FollowUpTemplate,
    Goal,
    MethodPhase,
    OutcomeRecord,
    Project,
    Risk,
    RoleTask,
)
from .services import DESCRIPTION_FIELDS
from .vocab import METRICS


class CoordinatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


def coordinator_queryset():
    # Any active NAV employee may coordinate (JobbLoop's was an adviser, L1586–1587).
    return (
        User.objects.filter(is_active=True, memberships__isnull=False)
        .distinct()
        .order_by("first_name", "last_name")
    )


def _clean_coordinator(form, cleaned):
    if cleaned.get("status") == Project.Status.ACTIVE and not cleaned.get("coordinator"):
        form.add_error("coordinator", _("Et aktivt prosjekt må ha en koordinator."))


class ProjectForm(forms.ModelForm):
    innsatsgrupper = forms.MultipleChoiceField(
        label=_("Innsatsgrupper"),
        choices=Innsatsgruppe.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    coordinator = CoordinatorChoiceField(
        label=_("Koordinator"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Påkrevd for aktive prosjekter."),
    )

    class Meta:
        model = Project
        # The description fields are the service's list, so form and service cannot drift apart.
        fields = ["name", "status", "region", "coordinator", "nav_units", *DESCRIPTION_FIELDS[:-1]]
        labels = {
            "name": _("Navn"),
            "status": _("Status"),
            "region": _("Region (fylke)"),
            "area": _("Område"),
            "start_year": _("Oppstartsår"),
            "nav_units": _("NAV-enheter som deltar"),
            "focus": _("Fokus"),
            "purpose": _("Formål"),
            "target_group": _("Målgruppe"),
            "target_age_min": _("Alder fra"),
            "target_age_max": _("Alder til"),
            "innsatsgruppe_note": _("Merknad om innsatsgruppe"),
            "target_other_criteria": _("Andre kriterier for målgruppen"),
            "actors": _("Aktører"),
            "measures": _("Tiltak"),
            "method_summary": _("Metodikk"),
            "typical_duration": _("Varighet for kandidat og virksomhet"),
            "positions": _("Stillinger (årsverk)"),
            "budget_nok": _("Budsjett (kr)"),
            "resources_note": _("Ressurser, merknad"),
        }
        widgets = {
            f: forms.Textarea(attrs={"rows": 3}) for f in ("focus", "purpose", "target_group", "actors")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = coordinator_queryset()
        self.fields["nav_units"].queryset = NavUnit.objects.exclude(kind=NavUnit.Kind.COUNTY).order_by("name")
        self.fields["region"].queryset = County.objects.order_by("name")
        self.helper = sectioned_helper(
            self,
            [
                (
                    _("Prosjektet"),
                    ["name", "status", "region", "coordinator", "nav_units", "area", "start_year"],
                ),
                (_("Fokus og formål"), ["focus", "purpose", "actors"]),
                (
                    _("Målgruppe"),
                    [
                        "target_group",
                        "target_age_min",
                        "target_age_max",
                        "innsatsgrupper",
                        "innsatsgruppe_note",
                        "target_other_criteria",
                    ],
                ),
                (_("Metoden"), ["measures", "method_summary", "typical_duration"]),
                (_("Ressurser"), ["positions", "budget_nok", "resources_note"]),
            ],
        )

    def clean(self):
        cleaned = super().clean()
        _clean_coordinator(self, cleaned)
        low, high = cleaned.get("target_age_min"), cleaned.get("target_age_max")
        if low is not None and high is not None and low > high:
            self.add_error("target_age_max", _("Øvre alder kan ikke være lavere enn nedre alder."))
        return cleaned

    def _post_clean(self):
        # The service validates and saves the model; the form only shapes input.
        pass


class ProjectCopyForm(forms.Form):
    name = forms.CharField(label=_("Navn på det nye prosjektet"), max_length=150)
    region = forms.ModelChoiceField(label=_("Region (fylke)"), queryset=County.objects.order_by("name"))
    nav_units = forms.ModelMultipleChoiceField(
        label=_("NAV-enheter som deltar"), queryset=NavUnit.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=Project.Status.choices, initial=Project.Status.PLANNED
    )
    coordinator = CoordinatorChoiceField(
        label=_("Koordinator"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Påkrevd for aktive prosjekter."),
    )
    start_year = forms.IntegerField(label=_("Oppstartsår"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = coordinator_queryset()
        self.fields["nav_units"].queryset = NavUnit.objects.exclude(kind=NavUnit.Kind.COUNTY).order_by("name")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if Project.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("Det finnes allerede et prosjekt med dette navnet."))
        return name

    def clean(self):
        cleaned = super().clean()
        _clean_coordinator(self, cleaned)
        return cleaned


class MethodPhaseForm(forms.ModelForm):
    class Meta:
        model = MethodPhase
        fields = ["name", "description", "typical_duration_days"]
        labels = {
            "name": _("Fase"),
            "description": _("Beskrivelse"),
            "typical_duration_days": _("Typisk varighet (dager)"),
        }


class FollowUpTemplateForm(forms.ModelForm):
    class Meta:
        model = FollowUpTemplate
        fields = ["name", "offset_days", "description"]
        labels = {
            "name": _("Oppfølging"),
            "offset_days": _("Dager etter start"),
            "description": _("Beskrivelse"),
        }


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["metric", "description", "target", "period_start", "period_end"]
        labels = {
            "metric": _("Måltall"),
            "description": _("Beskrivelse"),
            "target": _("Målverdi"),
            "period_start": _("Periode fra"),
            "period_end": _("Periode til"),
        }
        help_texts = {"target": _("Prosent for andeler, antall ellers.")}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("Perioden kan ikke slutte før den starter."))
        metric, target = METRICS.get(cleaned.get("metric") or ""), cleaned.get("target")
        if target is not None and target < 0:
            self.add_error("target", _("Målverdien kan ikke være negativ."))
        elif metric and metric.is_share and target is not None and target > 100:
            self.add_error("target", _("En andel er en prosent mellom 0 og 100."))
        return cleaned


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = ["risk", "likelihood", "impact", "mitigation", "owner", "review_date"]
        labels = {
            "risk": _("Risiko"),
            "likelihood": _("Sannsynlighet"),
            "impact": _("Konsekvens"),
            "mitigation": _("Tiltak"),
            "owner": _("Eier"),
            "review_date": _("Vurderes på nytt"),
        }


class RoleTaskForm(forms.ModelForm):
    class Meta:
        model = RoleTask
        fields = ["task", "nav_office", "worklife_centre", "employer", "coordinator"]
        labels = {
            "task": _("Oppgave"),
            "nav_office": _("NAV-kontor"),
            "worklife_centre": _("Arbeidslivssenter"),
            "employer": _("Arbeidsgiver"),
            "coordinator": _("Koordinator"),
        }


class OutcomeRecordForm(forms.ModelForm):
    class Meta:
        model = OutcomeRecord
        fields = ["category", "count", "cohort", "period_label", "as_of", "source_lines", "note"]
        labels = {
            "category": _("Kategori"),
            "count": _("Antall personer"),
            "cohort": _("Kull eller loop"),
            "period_label": _("Periode"),
            "as_of": _("Per dato"),
            "source_lines": _("Kilde"),
            "note": _("Merknad"),
        }
        help_texts = {
            "count": _("Registrer antall, aldri prosent: andeler regnes ut."),
            "as_of": _("Datoen tallet gjelder for; mål med periode teller bare tall med dato i perioden."),
        }

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = project.cohorts.all() if project else Cohort.objects.none()


class AnchoringForm(forms.ModelForm):
    class Meta:
        model = Anchoring
        fields = ["leader", "unit", "anchored_on", "note"]
        labels = {"leader": _("Leder"), "unit": _("Enhet"), "anchored_on": _("Dato"), "note": _("Merknad")}


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200)
    url = forms.URLField(label=_("Lenke"), required=False, assume_scheme="https")
    file = forms.FileField(label=_("Fil"), required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("url") and not cleaned.get("file"):
            raise forms.ValidationError(_("Oppgi en lenke eller last opp en fil."))
        return cleaned


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["name", "kind", "location", "period_label", "start_date", "end_date", "places"]
        labels = {
            "name": _("Navn"),
            "kind": _("Type"),
            "location": _("Sted"),
            "period_label": _("Tidspunkt (tekst)"),
            "start_date": _("Startdato"),
            "end_date": _("Sluttdato"),
            "places": _("Plasser"),
        }

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and start > end:
            self.add_error("end_date", _("Sluttdatoen kan ikke være før startdatoen."))
        name = cleaned.get("name")
        if name and self.project and self.project.cohorts.filter(name__iexact=name).exists():
            self.add_error("name", _("Prosjektet har allerede et kull eller en loop med dette navnet."))
        return cleaned

    def _post_clean(self):
        pass


class CohortEmployerForm(forms.Form):
    # Required, yet an untouched extra row is skipped: formset rows are empty_permitted.
    orgnr = forms.CharField(label=_("Organisasjonsnummer"), max_length=11)
    name = forms.CharField(label=_("Arbeidsgiver"), max_length=200)
    places = forms.IntegerField(label=_("Plasser"), min_value=0, max_value=999, required=False)

    def clean_orgnr(self):
        orgnr = self.cleaned_data["orgnr"].replace(" ", "")
        validate_orgnr(orgnr)
        return orgnr


class BaseCohortEmployerFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            orgnr = form.cleaned_data.get("orgnr")
            if orgnr and orgnr in seen:
                form.add_error("orgnr", _("Samme arbeidsgiver er lagt inn to ganger."))
            seen.add(orgnr)

    def employers(self) -> list[dict]:
        return [
            {
                "orgnr": f.cleaned_data["orgnr"],
                "name": f.cleaned_data["name"],
                "places": f.cleaned_data.get("places"),
            }
            for f in self.forms
            if f.cleaned_data.get("orgnr")
        ]


# A JobbLoop loop is 3 firms × 3 places (domain.md §3); more rows can be added afterwards.
CohortEmployerFormSet = forms.formset_factory(
    CohortEmployerForm, formset=BaseCohortEmployerFormSet, extra=3, max_num=12
)


class CandidateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        code = getattr(getattr(obj, "profile", None), "code", "")
        return f"{obj.full_name} ({code})" if code else obj.full_name


class EnrolmentForm(forms.Form):
    candidate = CandidateChoiceField(label=_("Kandidat"), queryset=None)
    cohort = forms.ModelChoiceField(
        label=_("Kull eller loop"), queryset=Cohort.objects.none(), required=False
    )
    start_phase = forms.ModelChoiceField(
        label=_("Starter i fase"),
        queryset=MethodPhase.objects.none(),
        required=False,
        help_text=_("Tom: metodens første fase."),
    )
    enrolled_on = forms.DateField(label=_("Startdato"))

    def __init__(self, *args, project, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(candidates, list):
            # A page of candidates for display; ModelChoiceField wants a queryset.
            candidates = Candidate.objects.filter(pk__in=[c.pk for c in candidates]).select_related("profile")
        self.fields["candidate"].queryset = candidates
        self.fields["cohort"].queryset = project.cohorts.order_by("start_date", "pk")
        self.fields["cohort"].label_from_instance = lambda cohort: cohort.name
        self.fields["start_phase"].queryset = project.phases.order_by("position")


class EnrolmentExitForm(forms.Form):
    on_date = forms.DateField(label=_("Sluttdato"))
    reason = forms.ChoiceField(
        label=_("Årsak"), choices=[("", "")] + [(c.value, c.label) for c in EXIT_REASONS]
    )


class EnrolmentAdvanceForm(forms.Form):
    on_date = forms.DateField(label=_("Dato for ny fase"))
