"""Forms of the job-fair app (rendered by the Aksel crispy pack)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import NavUnit, User
from core.lookups import LookupField
from core.vocabulary import OfferType
from employers.lookups import EMPLOYERS
from employers.models import Need

from .models import Booking, Event, EventEmployer, Facilitation
from .services import EVENT_EMPLOYER_FIELDS, EVENT_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class EventForm(forms.ModelForm):
    facilitation = forms.MultipleChoiceField(
        label=_("Tilrettelegging på arrangementet"),
        choices=Facilitation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Event
        # The fields the service accepts, in the order of the form.
        fields = list(EVENT_FIELDS)
        widgets = {
            "date": DateInput(format="%Y-%m-%d"),
            "booking_deadline": DateInput(format="%Y-%m-%d"),
            "staff_briefing_at": TimeInput(format="%H:%M"),
            "employers_arrive_at": TimeInput(format="%H:%M"),
            "starts_at": TimeInput(format="%H:%M"),
            "ends_at": TimeInput(format="%H:%M"),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offices"].queryset = NavUnit.objects.filter(kind=NavUnit.Kind.OFFICE).order_by("name")
        self.fields["owners"].queryset = (
            User.objects.filter(memberships__isnull=False).distinct().order_by("first_name", "last_name")
        )
        self.fields["owners"].required = False


class CopyForm(forms.Form):
    date = forms.DateField(label=_("Ny dato"), widget=DateInput)
    booking_deadline = forms.DateField(label=_("Ny bookingfrist"), widget=DateInput)


class EventEmployerForm(forms.ModelForm):
    # Typed, options on demand (core.lookups): a county holds hundreds of employers.
    employer = LookupField(
        EMPLOYERS, label=_("Arbeidsgiver"), help_text=_("Skriv navn eller organisasjonsnummer.")
    )
    offer_types = forms.MultipleChoiceField(
        label=_("Tilbyr"), choices=OfferType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = EventEmployer
        fields = list(EVENT_EMPLOYER_FIELDS)
        widgets = {
            "tasks": forms.Textarea(attrs={"rows": 3}),
            "constraints_text": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].narrow(
            EMPLOYERS.queryset().filter(county=event.county_id), {"fylke": str(event.county_id)}
        )
        self.fields["need"].queryset = (
            Need.objects.filter(county=event.county_id, status="apen")
            .select_related("employer")
            .order_by("employer__name", "title")
        )
        self.fields["tasks"].required = False


class BookForm(forms.Form):
    slot = forms.IntegerField(widget=forms.HiddenInput)
    candidate = forms.IntegerField(widget=forms.HiddenInput)


class BookingForm(forms.ModelForm):
    class Meta:
        model = Booking
        fields = ["accompany", "companion", "backup_counsellor", "cv_reviewed", "reminded", "prepared"]

    def __init__(self, *args, office_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["backup_counsellor"].queryset = (
            User.objects.filter(memberships__unit_id__in=list(office_ids), memberships__role="veileder")
            .distinct()
            .order_by("first_name", "last_name")
        )


class FeedbackLinkForm(forms.Form):
    recipient_name = forms.CharField(label=_("Hvem lenken deles med"), max_length=150)
    days = forms.IntegerField(label=_("Gyldig i antall dager"), min_value=1, max_value=90, initial=14)


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Booking
        fields = ["handshake", "language", "eye_contact", "positive", "negative", "outcome"]
        widgets = {
            "positive": forms.Textarea(attrs={"rows": 2}),
            "negative": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].required = True
