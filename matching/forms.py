from django import forms
from django.utils.translation import gettext_lazy as _

from core.sharing import DEFAULT_DAYS, MAX_DAYS

from .models import EmployerResponse, NotSuitableReason, Outcome, WorkStatus


class RankingFilterForm(forms.Form):
    alle = forms.BooleanField(
        label=_("Vis også dem som ikke oppfyller kravene (førerkort, sted, oppstart)"), required=False
    )
    side = forms.IntegerField(min_value=1, max_value=50, required=False, widget=forms.HiddenInput)


class ProposeForm(forms.Form):
    candidate = forms.ModelChoiceField(label=_("Kandidat"), queryset=None, empty_label=_("Velg kandidat"))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = candidates
        self.fields["candidate"].label_from_instance = lambda c: f"{c.full_name} ({c.profile.code})"


class EntryStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=WorkStatus.choices)
    outcome = forms.ChoiceField(label=_("Utfall"), choices=Outcome.choices)


class ShareForm(forms.Form):
    recipient_name = forms.CharField(label=_("Kontaktperson hos arbeidsgiveren"), max_length=150)
    recipient_email = forms.EmailField(label=_("E-post (valgfri)"), required=False)
    days = forms.IntegerField(
        label=_("Gyldig i antall dager"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS
    )


class EmployerResponseForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Deres vurdering"), choices=EmployerResponse.choices, widget=forms.RadioSelect
    )
    reason = forms.ChoiceField(
        label=_("Hvorfor ikke egnet?"),
        choices=[("", _("Velg begrunnelse")), *NotSuitableReason.choices],
        required=False,
        help_text=_("Bare når dere svarer «Ikke egnet»."),
    )
    comment = forms.CharField(
        label=_("Kommentar (valgfri)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ikke skriv helseopplysninger."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("response") == EmployerResponse.NOT_SUITABLE and not cleaned.get("reason"):
            self.add_error("reason", _("Velg en begrunnelse."))
        return cleaned
