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


# --- The board (tavle) --------------------------------------------------------------------------------


class BoardCaseForm(forms.Form):
    candidate = forms.ModelChoiceField(label=_("Kandidat"), queryset=None, empty_label=_("Velg kandidat"))
    employer_wanted = forms.CharField(
        label=_("Hva slags arbeidsgiver trengs?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Bransje, oppgaver, sted og hva arbeidsgiveren må kunne tilrettelegge for. Andre ser den anonyme "
            "profilen og denne teksten: ikke skriv navn, fødselsnummer, telefon eller helseopplysninger."
        ),
    )
    escalate = forms.BooleanField(
        label=_("Send saken til Arbeidslivssenterets tavle med en gang"),
        required=False,
        help_text=_("Ellers prøver kontoret selv først, og saken går videre etter fristen."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = candidates
        self.fields["candidate"].label_from_instance = lambda c: f"{c.full_name} ({c.profile.code})"


class BoardProposalForm(forms.Form):
    need = forms.ModelChoiceField(
        label=_("Behov"), queryset=None, required=False, empty_label=_("Ingen bestemt stilling")
    )
    employer = forms.ModelChoiceField(
        label=_("Arbeidsgiver"),
        queryset=None,
        required=False,
        empty_label=_("Velg arbeidsgiver"),
        help_text=_("Velg et åpent behov, eller bare arbeidsgiveren."),
    )
    note = forms.CharField(label=_("Hvorfor denne arbeidsgiveren?"), max_length=500, required=False)

    def __init__(self, *args, employers, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
        self.fields["need"].queryset = needs
        self.fields["need"].label_from_instance = lambda n: f"{n.employer.name}: {n.title}"

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("employer") and not cleaned.get("need"):
            self.add_error("employer", _("Velg en arbeidsgiver eller et behov."))
        return cleaned


class BoardCloseForm(forms.Form):
    SOLVED, CLOSED = "lost", "lukket"
    outcome = forms.ChoiceField(
        label=_("Utfall"),
        choices=[(SOLVED, _("Løst: kandidaten har fått en plass")), (CLOSED, _("Lukket uten løsning"))],
        widget=forms.RadioSelect,
    )
    proposal = forms.ModelChoiceField(
        label=_("Hvilket forslag førte fram?"),
        queryset=None,
        required=False,
        empty_label=_("Ingen: løst av kontoret selv"),
        help_text=_("Rådgiveren som foreslo arbeidsgiveren, får saken godskrevet."),
    )
    note = forms.CharField(label=_("Merknad"), max_length=500, required=False)

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals
        self.fields["proposal"].label_from_instance = lambda p: (
            f"{p.employer.name}{': ' + p.need.title if p.need_id else ''} "
            f"({p.proposed_by.display_name if p.proposed_by else '–'})"
        )
        if not proposals.exists():
            del self.fields["proposal"]


class BoardFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Vis"),
        required=False,
        choices=[
            ("apne", _("Åpne saker")),
            ("lokalt", _("På eget kontor")),
            ("eskalert", _("Hos Arbeidslivssenteret, uten forslag")),
            ("foreslatt", _("Arbeidsgiver foreslått")),
            ("lost", _("Løste")),
            ("lukket", _("Lukket uten løsning")),
        ],
    )
