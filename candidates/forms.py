"""Forms validate and shape input; the services do the writing."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import NavUnit, Role, User
from core import facilitation
from core.forms import sectioned_helper
from core.models import County, Municipality
from core.personal_data import validate_no_personal_data
from core.validators import normalise_digits, validate_fodselsnummer, validate_orgnr
from employers.models import Need

from .models import (
    AgeBand,
    Benefit,
    Consent,
    DrivingLicence,
    EducationLevel,
    Extent,
    FollowUpStatus,
    Innsatsgruppe,
    LanguageLevel,
    NorwegianLevel,
    norwegian_level_from_languages,
)
from .selectors import occupation_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CandidateForm(forms.Form):
    """Identity and NAV-internal fields. Offices and counsellors are limited to the user's own."""

    first_name = forms.CharField(label=_("Fornavn"), max_length=100)
    last_name = forms.CharField(label=_("Etternavn"), max_length=100)
    fodselsnummer = forms.CharField(
        label=_("Fødselsnummer eller D-nummer"),
        max_length=13,
        help_text=_("Elleve siffer. Vises bare for veiledere ved kandidatens NAV-kontor."),
        # Never kept in the browser's form draft (static/js/app.js, D14).
        widget=forms.TextInput(attrs={"data-no-draft": ""}),
    )
    phone = forms.CharField(label=_("Telefon"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-post"), required=False)
    office = forms.ModelChoiceField(label=_("NAV-kontor"), queryset=NavUnit.objects.none(), empty_label=None)
    counsellor = forms.ModelChoiceField(
        label=_("Ansvarlig veileder"), queryset=User.objects.none(), required=False
    )
    innsatsgruppe = forms.ChoiceField(label=_("Innsatsgruppe"), choices=Innsatsgruppe.choices)
    benefit = forms.ChoiceField(label=_("Ytelse"), choices=Benefit.choices, initial=Benefit.NONE)
    follow_up_started_on = forms.DateField(label=_("Oppfølging startet"), widget=DATE)
    notes = forms.CharField(
        label=_("Interne notater"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bare for NAV. Ikke skriv diagnoser."),
    )

    def __init__(self, *args, user, office_ids, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = NavUnit.objects.filter(pk__in=office_ids).order_by("name")
        self.fields["counsellor"].queryset = (
            User.objects.filter(
                memberships__unit_id__in=office_ids, memberships__role=Role.VEILEDER, is_active=True
            )
            .distinct()
            .order_by("first_name", "last_name")
        )
        self.fields["counsellor"].label_from_instance = lambda u: u.display_name
        if not self.is_bound and not self.initial.get("counsellor"):
            self.initial["counsellor"] = user.pk
            self.initial.setdefault("follow_up_started_on", timezone.localdate())
        if editing:
            # The owning office does not change here: moving a candidate is a separate decision.
            del self.fields["office"]
        self.helper = sectioned_helper(
            self,
            [
                (_("Personopplysninger"), ["first_name", "last_name", "fodselsnummer", "phone", "email"]),
                (
                    _("Oppfølging i NAV"),
                    ["office", "counsellor", "innsatsgruppe", "benefit", "follow_up_started_on", "notes"],
                ),
            ],
        )

    def clean_fodselsnummer(self):
        value = normalise_digits(self.cleaned_data["fodselsnummer"])
        validate_fodselsnummer(value)
        return value

    def clean_phone(self):
        return self.cleaned_data["phone"].strip()

    def clean(self):
        cleaned = super().clean()
        office, counsellor = cleaned.get("office"), cleaned.get("counsellor")
        if (
            office
            and counsellor
            and not counsellor.memberships.filter(unit=office, role=Role.VEILEDER).exists()
        ):
            self.add_error("counsellor", _("Veilederen arbeider ikke ved dette NAV-kontoret."))
        return cleaned


class ProfileForm(forms.Form):
    """The anonymised profile. Free text is checked for personal data here and again in the model."""

    county = forms.ModelChoiceField(label=_("Fylke"), queryset=County.objects.all(), empty_label=None)
    municipality = forms.ModelChoiceField(
        label=_("Kommune"), queryset=Municipality.objects.select_related("county"), required=False
    )
    job_wishes = forms.ModelMultipleChoiceField(
        label=_("Jobbønsker (STYRK-08)"),
        queryset=occupation_choices(),
        required=False,
        help_text=_("Søk og legg til så mange du vil."),
    )
    interests = forms.CharField(
        label=_("Interesser"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_no_personal_data],
    )
    competence = forms.CharField(
        label=_("Kompetanse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_no_personal_data],
        help_text=_("Formell og uformell kompetanse, for eksempel gaming, språk eller frivillig arbeid."),
    )
    experience_summary = forms.CharField(
        label=_("Erfaring"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_no_personal_data],
    )
    education_level = forms.ChoiceField(label=_("Utdanningsnivå"), choices=EducationLevel.choices)
    norwegian_level = forms.ChoiceField(
        label=_("Norsknivå"),
        choices=[("", _("Ikke oppgitt")), *NorwegianLevel.candidate_choices()],
        required=False,
        help_text=_(
            "Samme skala som behovenes krav til norsk. Står det norsk i språklisten, brukes nivået derfra."
        ),
    )
    languages = forms.CharField(
        label=_("Språk"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Ett språk per linje, med nivå etter kolon, for eksempel «Norsk: godt». Nivåer: %(levels)s."
        )
        % {"levels": ", ".join(str(label).lower() for label in LanguageLevel.labels)},
    )
    driving_licences = forms.MultipleChoiceField(
        label=_("Førerkort"),
        choices=DrivingLicence.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    available_from = forms.DateField(label=_("Tilgjengelig fra"), required=False, widget=DATE)
    extents = forms.MultipleChoiceField(
        label=_("Omfang"),
        choices=Extent.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kryss av for begge hvis kandidaten kan jobbe både heltid og deltid."),
    )
    short_text = forms.CharField(
        label=_("Kort tekst til arbeidsgivere"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[validate_no_personal_data],
        help_text=_(
            "Det kandidaten ønsker at arbeidsgivere skal lese. Ikke skriv navn, nummer eller diagnoser."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job_wishes"].label_from_instance = lambda o: f"{o.name} ({o.code})"
        self.helper = sectioned_helper(
            self,
            [
                (_("Bosted"), ["county", "municipality"]),
                (_("Ønsker og interesser"), ["job_wishes", "interests"]),
                (
                    _("Kompetanse og erfaring"),
                    ["competence", "experience_summary", "education_level", "norwegian_level", "languages"],
                ),
                (_("Førerkort og tilgjengelighet"), ["driving_licences", "available_from", "extents"]),
                (_("Til arbeidsgivere"), ["short_text"]),
            ],
        )

    def clean_languages(self):
        by_label = {str(label).lower(): value for value, label in LanguageLevel.choices}
        by_label.update({value: value for value in LanguageLevel.values})
        entries = []
        for number, line in enumerate(self.cleaned_data["languages"].splitlines(), start=1):
            if not line.strip():
                continue
            language, sep, level = line.partition(":")
            level_value = by_label.get(level.strip().lower())
            if not sep or not language.strip() or level_value is None:
                raise ValidationError(
                    _("Linje %(n)s: skriv språk og nivå som «Norsk: godt».") % {"n": number}
                )
            validate_no_personal_data(language)
            entries.append({"language": language.strip()[:50], "level": level_value})
        return entries

    def clean(self):
        cleaned = super().clean()
        municipality, county = cleaned.get("municipality"), cleaned.get("county")
        if municipality and county and municipality.county_id != county.pk:
            self.add_error("municipality", _("Kommunen ligger ikke i valgt fylke."))
        if not cleaned.get("norwegian_level"):
            cleaned["norwegian_level"] = norwegian_level_from_languages(cleaned.get("languages"))
        return cleaned

    @staticmethod
    def initial_from(profile) -> dict:
        levels = dict(LanguageLevel.choices)
        return {
            "county": profile.county_id,
            "municipality": profile.municipality_id,
            "job_wishes": list(profile.job_wishes.values_list("pk", flat=True)),
            "interests": profile.interests,
            "competence": profile.competence,
            "experience_summary": profile.experience_summary,
            "education_level": profile.education_level,
            "norwegian_level": profile.norwegian_level,
            "languages": "\n".join(
                f"{e['language']}: {str(levels.get(e['level'], e['level'])).lower()}"
                for e in profile.languages
            ),
            "driving_licences": profile.driving_licences,
            "available_from": profile.available_from,
            "extents": profile.extents,
            "short_text": profile.short_text,
        }


class FacilitationForm(forms.Form):
    """One checkbox group per category; an empty group removes the need in that category."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for category, choices in facilitation.VALUES.items():
            self.fields[category] = forms.MultipleChoiceField(
                label=facilitation.Category(category).label,
                choices=choices.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )


class NeedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} – {obj.employer.name} ({obj.employer.orgnr})"


class ConsentForm(forms.Form):
    employer_orgnr = forms.CharField(label=_("Organisasjonsnummer"), max_length=11)
    employer_name = forms.CharField(label=_("Arbeidsgiver"), max_length=200)
    purpose = forms.ChoiceField(label=_("Formål"), choices=Consent.Purpose.choices)
    need = NeedChoiceField(
        label=_("Behov (når samtykket gjelder ett behov)"),
        queryset=Need.objects.none(),
        required=False,
        help_text=_("Åpne behov i kandidatens fylke. Behovet må tilhøre arbeidsgiveren over."),
    )
    subject = forms.CharField(
        label=_("Behov eller arrangement"),
        max_length=200,
        required=False,
        help_text=_("Tittelen på behovet eller arrangementet samtykket gjelder. Tom: behovets tittel."),
    )
    given_on = forms.DateField(label=_("Samtykke gitt"), widget=DATE)
    expires_on = forms.DateField(label=_("Gyldig til"), widget=DATE)
    confirmed = forms.BooleanField(
        label=_(
            "Kandidaten har samtykket til at navn og CV deles med denne arbeidsgiveren for dette formålet."
        ),
        required=True,
    )

    def __init__(self, *args, county_id=None, also_need=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The need the counsellor came from (a need's candidate list) is offered even when it lies
        # outside the candidate's county (a candidate willing to travel).
        wanted = (
            Q(county_id=county_id) | Q(pk=also_need.pk) if also_need is not None else Q(county_id=county_id)
        )
        self.fields["need"].queryset = (
            Need.objects.filter(wanted, status=Need.Status.OPEN)
            .select_related("employer")
            .order_by("employer__name", "title")
        )
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("given_on", today)
            self.initial.setdefault("expires_on", today + timezone.timedelta(days=30))

    def clean_employer_orgnr(self):
        value = normalise_digits(self.cleaned_data["employer_orgnr"])
        validate_orgnr(value)
        return value

    def clean(self):
        cleaned = super().clean()
        given, expires = cleaned.get("given_on"), cleaned.get("expires_on")
        if given and expires and expires < given:
            self.add_error("expires_on", _("Fristen kan ikke være før samtykket ble gitt."))
        return cleaned


class CandidateFilterForm(forms.Form):
    # Bounded: the term is kept in the session (issue 10, item 6).
    q = forms.CharField(label=_("Søk på navn eller fødselsnummer"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Oppfølging"), choices=[("", _("Alle")), *FollowUpStatus.choices], required=False
    )
    innsatsgruppe = forms.ChoiceField(
        label=_("Innsatsgruppe"), choices=[("", _("Alle")), *Innsatsgruppe.choices], required=False
    )
    mine = forms.BooleanField(label=_("Bare mine kandidater"), required=False)


def _county_choices():
    return [("", _("Alle")), *County.objects.values_list("code", "name")]


def _occupation_group_choices():
    # Filter on the two-digit STYRK-08 groups: fine enough to be useful, few enough to list.
    from core.models import Occupation

    groups = Occupation.objects.filter(level=2).values_list("code", "name").order_by("code")
    return [("", _("Alle")), *((c, f"{c} {n}") for c, n in groups)]


class ProfileFilterForm(forms.Form):
    # Choices as callables: read when a chosen value is validated or the form is rendered, not on
    # every request (the list caches the form's HTML; an unfiltered page asks neither, issue 16).
    county = forms.ChoiceField(label=_("Fylke"), choices=_county_choices, required=False)
    occupation = forms.ChoiceField(
        label=_("Jobbønske (yrkesområde)"), choices=_occupation_group_choices, required=False
    )
    category = forms.ChoiceField(
        label=_("Tilrettelegging"),
        choices=[("", _("Alle")), *facilitation.Category.choices],
        required=False,
    )
    age_band = forms.ChoiceField(
        label=_("Alder"), choices=[("", _("Alle")), *AgeBand.choices], required=False
    )
    available_by = forms.DateField(label=_("Tilgjengelig senest"), required=False, widget=DATE)
