import html

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.models import NavUnit, User
from core.facilitation import Category, grouped_choices
from core.forms import sectioned_helper
from core.lookups import MUNICIPALITIES, OCCUPATIONS, LookupField
from core.models import County, Municipality, Occupation
from core.validators import normalise_digits, validate_orgnr

from .importing import check_file
from .models import (
    ContactLogEntry,
    ContactPerson,
    DrivingLicence,
    Employer,
    Need,
    Network,
    NetworkMeeting,
    OfferType,
    Sector,
)


def _escape(text) -> str:
    """django.utils.html.conditional_escape's text, as a plain str."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


class FastSelect(forms.Select):
    """A plain <select> rendered in Python. Django renders each <option> through a template,
    which costs ~30 ms for the 400 STYRK occupations and 357 municipalities on every list page."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = {str(v) for v in self.format_value(value)}
        # One escape per text, as format_html would (safe labels as they are), without its three
        # conditional_escape calls and SafeString per option: 370 options cost ~3 ms that way.
        options = "".join(
            f'<option value="{_escape(v)}"{" selected" if str(v) in selected else ""}>{_escape(label)}</option>'
            for v, label in self.choices
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), mark_safe(options))  # noqa: S308


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class OccupationChoiceField(forms.ModelChoiceField):
    """«Lagermedarbeider – 4321 · Transport og lager»: name, STYRK code and NAV's category, so the
    picker finds an occupation by any of them."""

    def label_from_instance(self, obj):
        category = f" · {obj.category}" if obj.category else ""
        return f"{obj.name} – {obj.code}{category}"


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


def nav_staff():
    return (
        User.objects.filter(is_active=True, memberships__isnull=False)
        .distinct()
        .order_by("first_name", "last_name")
    )


def facilitation_field():
    return forms.MultipleChoiceField(
        label=_("Tilrettelegging arbeidsgiveren kan tilby"),
        choices=grouped_choices(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("NAVs fire kategorier. Søk og legg til så mange du vil."),
    )


class EmployerForm(forms.ModelForm):
    orgnr = forms.CharField(
        label=_("Organisasjonsnummer"), max_length=11, help_text=_("Ni siffer, for eksempel 988 077 917.")
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommune"), queryset=Municipality.objects.order_by("name"), widget=FastSelect
    )
    primary_contact = StaffChoiceField(
        label=_("Hovedkontakt i NAV"), queryset=User.objects.none(), required=False, widget=FastSelect
    )
    nav_office = forms.ModelChoiceField(
        label=_("NAV-kontor"),
        queryset=NavUnit.objects.filter(kind=NavUnit.Kind.OFFICE).order_by("name"),
        required=False,
    )
    facilitation = facilitation_field()

    class Meta:
        model = Employer
        fields = [
            "orgnr", "name", "sector", "industry", "size_band", "municipality", "address", "postal_code",
            "postal_place", "has_hr", "ia_agreement", "status", "primary_contact", "primary_contact_phone",
            "primary_contact_email", "nav_office", "inclusion_willingness", "inclusion_competence",
            "inclusion_notes", "last_visit_on", "recruitment_need", "offers_summer_job",
            "work_training_experience", "facilitation",
        ]  # fmt: skip
        widgets = {"last_visit_on": forms.DateInput(), "inclusion_notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "primary_contact_phone": _("Tom: hovedkontaktens eget nummer brukes."),
            "primary_contact_email": _("Tom: hovedkontaktens egen e-post brukes."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["primary_contact"].queryset = nav_staff()
        if self.instance.pk:
            del self.fields["orgnr"]  # the organisation number identifies the employer; never edited
        self.helper = sectioned_helper(
            self,
            [
                (_("Virksomheten"), ["orgnr", "name", "sector", "industry", "size_band", "status"]),
                (_("Adresse"), ["municipality", "address", "postal_code", "postal_place"]),
                (
                    _("Kontakt med NAV"),
                    [
                        "primary_contact",
                        "primary_contact_phone",
                        "primary_contact_email",
                        "nav_office",
                        "last_visit_on",
                    ],
                ),
                (_("Organisasjon og avtaler"), ["has_hr", "ia_agreement"]),
                (
                    _("Inkludering"),
                    [
                        "inclusion_willingness",
                        "inclusion_competence",
                        "inclusion_notes",
                        "recruitment_need",
                        "offers_summer_job",
                        "work_training_experience",
                        "facilitation",
                    ],
                ),
            ],
        )

    def clean_orgnr(self):
        orgnr = normalise_digits(self.cleaned_data["orgnr"])
        validate_orgnr(orgnr)
        existing = Employer.objects.filter(orgnr=orgnr).first()
        if existing:
            raise ValidationError(
                _("%(name)s er allerede registrert med dette organisasjonsnummeret.")
                % {"name": existing.name}
            )
        return orgnr

    def _post_clean(self):
        # The service validates the model (with county derived); skip ModelForm's own pass.
        pass


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "role", "title", "phone", "email"]

    def _post_clean(self):
        pass


class ContactLogForm(forms.ModelForm):
    class Meta:
        model = ContactLogEntry
        fields = ["occurred_at", "channel", "purpose", "notes", "next_step", "next_step_on"]
        widgets = {
            "occurred_at": DateTimeLocalInput(),
            "next_step_on": forms.DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"occurred_at": _("Et tidspunkt fram i tid registrerer en planlagt kontakt.")}

    def __init__(self, *args, coordination=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.coordination = coordination or []
        if self.coordination:
            # Two steps: the warning shows, and saving needs an explicit "I have seen it".
            self.fields["coordination_confirmed"] = forms.BooleanField(
                label=_("Jeg har sett hvem andre i NAV som har kontakt med arbeidsgiveren"),
                required=True,
                error_messages={
                    "required": _(
                        "Bekreft at du har sett hvem andre i NAV som har kontakt med arbeidsgiveren."
                    )
                },
            )

    def _post_clean(self):
        pass


class NeedForm(forms.ModelForm):
    occupation = OccupationChoiceField(
        label=_("Yrke (STYRK-08)"),
        queryset=Occupation.objects.filter(level=4).order_by("name"),
        required=False,
        widget=FastSelect,
        help_text=_("Søk på yrke, yrkeskategori eller STYRK-kode."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommune"), queryset=Municipality.objects.order_by("name"), widget=FastSelect
    )
    offer_types = forms.MultipleChoiceField(
        label=_("Tilbud"), choices=OfferType.choices, widget=forms.CheckboxSelectMultiple
    )
    driving_licences = forms.MultipleChoiceField(
        label=_("Krav til førerkort"),
        choices=DrivingLicence.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    facilitation = facilitation_field()

    class Meta:
        model = Need
        fields = [
            "title", "department", "tasks", "occupation", "places", "offer_types", "job_may_follow",
            "norwegian_level", "driving_licences", "minimum_age", "maximum_age", "other_requirements",
            "facilitation", "training_offered", "prerequisites", "extent", "hours", "municipality", "start_date", "deadline",
            "horizon",
        ]  # fmt: skip
        widgets = {
            "start_date": forms.DateInput(),
            "deadline": forms.DateInput(),
            "tasks": forms.Textarea(attrs={"rows": 4}),
            "other_requirements": forms.Textarea(attrs={"rows": 2}),
            "training_offered": forms.Textarea(attrs={"rows": 2}),
            "prerequisites": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "minimum_age": _(
                "For eksempel 20 når arbeidsgiveren ikke tar imot kandidater under 20 år. "
                "Alderen regnes på oppstartsdatoen."
            ),
            "maximum_age": _(
                "For eksempel 29 for en sommerjobb for unge under 30. Alderen regnes på oppstartsdatoen."
            ),
            "hours": _("For eksempel «08–16, mandag–fredag»."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = sectioned_helper(
            self,
            [
                (_("Stillingen"), ["title", "department", "tasks", "occupation", "places", "offer_types",
                                   "job_may_follow"]),
                (_("Krav til kandidaten"), ["norwegian_level", "driving_licences", "minimum_age",
                                            "other_requirements", "prerequisites"]),
                (_("Tilrettelegging og opplæring"), ["facilitation", "training_offered"]),
                (_("Omfang, sted og tid"), ["extent", "hours", "municipality", "start_date", "deadline",
                                            "horizon"]),
            ],
        )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        start, deadline = cleaned.get("start_date"), cleaned.get("deadline")
        if start and deadline and deadline > start:
            self.add_error("deadline", _("Fristen må være før oppstart."))
        low, high = cleaned.get("minimum_age"), cleaned.get("maximum_age")
        if low is not None and high is not None and high < low:
            self.add_error("maximum_age", _("Maksimumsalderen kan ikke være lavere enn minstealderen."))
        places = cleaned.get("places")
        if places is not None and places < 1:
            self.add_error("places", _("Antall plasser må være minst 1."))
        return cleaned

    def _post_clean(self):
        pass


class NetworkForm(forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        label=_("Medlemmer"),
        queryset=Employer.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    class Meta:
        model = Network
        fields = ["name", "kind", "county", "description", "members", "requested_topics"]

    def __init__(self, *args, counties=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = (
            County.objects.filter(pk__in=counties) if counties is not None else County.objects.all()
        )
        county_ids = (
            [self.instance.county_id]
            if self.instance.pk
            else list(self.fields["county"].queryset.values_list("pk", flat=True))
        )
        self.fields["members"].queryset = Employer.objects.filter(county_id__in=county_ids).order_by("name")

    def _post_clean(self):
        pass


class NetworkMeetingForm(forms.ModelForm):
    attendees = forms.ModelMultipleChoiceField(
        label=_("Deltakere"),
        queryset=Employer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = NetworkMeeting
        fields = ["date", "topic", "notes", "attendees"]
        widgets = {"date": forms.DateInput()}

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = network.members.order_by("name")

    def _post_clean(self):
        pass


class NeedTransitionForm(forms.Form):
    note = forms.CharField(label=_("Merknad"), max_length=300, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-fil"),
        help_text=_(
            "Kolonner: orgnr, navn, kommunenummer (må fylles ut), sektor, bransje, størrelse, adresse, postnummer, poststed."
        ),
    )

    MAX_BYTES = 10 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(_("Filen er for stor (høyst 10 MB)."))
        self.cleaned_data["text"] = check_file(upload.read())
        return upload


# --- Filters (GET forms above the lists) ----------------------------------------------------------


class EmployerFilterForm(forms.Form):
    q = forms.CharField(label=_("Søk på navn eller orgnr"), required=False)
    county = forms.ModelChoiceField(
        label=_("Fylke"), queryset=County.objects.all(), required=False, empty_label=_("Alle")
    )
    sector = forms.ChoiceField(label=_("Sektor"), choices=[("", _("Alle")), *Sector.choices], required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle")), *Employer.Status.choices], required=False
    )
    mine = forms.BooleanField(label=_("Bare der jeg er hovedkontakt"), required=False)


class NeedFilterForm(forms.Form):
    q = forms.CharField(label=_("Søk"), required=False)
    # Typed, with options on demand (core.lookups): 400 occupations and 357 municipalities as
    # <option>s cost ~30 ms on every request of the list (issue 16).
    occupation = LookupField(
        OCCUPATIONS, label=_("Yrke"), required=False, help_text=_("Navn eller STYRK-kode. Tom: alle.")
    )
    municipality = LookupField(
        MUNICIPALITIES,
        label=_("Kommune"),
        required=False,
        help_text=_("Navn eller kommunenummer. Tom: alle."),
    )
    offer_type = forms.ChoiceField(
        label=_("Tilbud"), choices=[("", _("Alle")), *OfferType.choices], required=False
    )
    facilitation = forms.ChoiceField(
        label=_("Tilrettelegging"), choices=[("", _("Alle")), *Category.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle")), *Need.Status.choices], required=False
    )


class ContactLogFilterForm(forms.Form):
    q = forms.CharField(label=_("Arbeidsgiver"), required=False)
    channel = forms.ChoiceField(
        label=_("Kanal"), choices=[("", _("Alle")), *ContactLogEntry.Channel.choices], required=False
    )
    date_from = forms.DateField(label=_("Fra dato"), required=False, widget=forms.DateInput())
    date_to = forms.DateField(label=_("Til dato"), required=False, widget=forms.DateInput())
    mine = forms.BooleanField(label=_("Bare mine"), required=False)
