"""Forms of the placements app: they validate and shape input; services write."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from candidates.models import Candidate
from core.lookups import LookupField
from employers.lookups import EMPLOYERS
from employers.models import ContactPerson, Employer, Need
from projects.models import Project

from .models import FollowUp
from .services import PLACEMENT_FIELDS
from .vocab import CancelReason, EmploymentForm, Outcome, PlanKind, RetentionResult, WorkingTime

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class CandidateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


def _users(*roles):
    return (
        User.objects.filter(is_active=True, memberships__role__in=roles)
        .distinct()
        .order_by("first_name", "last_name")
    )


class PlacementForm(forms.Form):
    """The agreement's content. On creation the candidate and employer are chosen too."""

    candidate = CandidateChoiceField(label=_("Kandidat"), queryset=Candidate.objects.none())
    employer = LookupField(
        EMPLOYERS,
        label=_("Arbeidsgiver"),
        help_text=_("Skriv navn eller organisasjonsnummer."),
    )
    need = forms.ModelChoiceField(label=_("Behov"), queryset=Need.objects.none(), required=False)
    project = forms.ModelChoiceField(
        label=_("Prosjekt"), queryset=Project.objects.order_by("name"), required=False
    )
    measure = forms.ChoiceField(label=_("Tiltak"), choices=[])
    planned_start = forms.DateField(label=_("Planlagt start"), widget=DATE, required=False)
    planned_end = forms.DateField(label=_("Planlagt slutt"), widget=DATE, required=False)
    extent_percent = forms.IntegerField(label=_("Stillingsprosent"), min_value=1, max_value=100, initial=100)
    tasks = forms.CharField(
        label=_("Arbeidsoppgaver"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    goal = forms.ChoiceField(label=_("Mål"), choices=[])
    learning_goals = forms.CharField(
        label=_("Læringsmål"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    facilitation_agreed = forms.CharField(
        label=_("Avtalt tilrettelegging"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    counsellor = UserChoiceField(label=_("Ansvarlig veileder"), queryset=User.objects.none(), required=False)
    adviser = UserChoiceField(label=_("Ansvarlig IA-rådgiver"), queryset=User.objects.none(), required=False)
    employer_contact = UserChoiceField(
        label=_("Arbeidsgiverens hovedkontakt i NAV"), queryset=User.objects.none(), required=False
    )
    wage_subsidy_percent = forms.IntegerField(
        label=_("Lønnstilskudd (%)"), min_value=0, required=False, help_text=_("Høyst 50 %.")
    )
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=ContactPerson.objects.none(), required=False)
    mentor_hours_per_week = forms.DecimalField(label=_("Mentortimer per uke"), required=False, min_value=0)
    mentor_start = forms.DateField(label=_("Mentortilskudd fra"), widget=DATE, required=False)
    mentor_end = forms.DateField(label=_("Mentortilskudd til"), widget=DATE, required=False)
    mentor_extension_reason = forms.CharField(
        label=_("Begrunnelse for mentortilskudd ut over 6 måneder"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Mentortilskudd gis i inntil 6 måneder, og med begrunnelse i inntil 3 år."),
    )

    def __init__(self, *args, user, placement=None, **kwargs):
        from .models import Placement
        from .vocab import Goal, Measure

        super().__init__(*args, **kwargs)
        self.fields["measure"].choices = Measure.choices
        self.fields["goal"].choices = Goal.choices
        self.fields["counsellor"].queryset = _users(Role.VEILEDER)
        self.fields["adviser"].queryset = _users(Role.IA_RADGIVER, Role.MARKEDSKOORDINATOR)
        self.fields["employer_contact"].queryset = _users(
            Role.IA_RADGIVER, Role.MARKEDSKOORDINATOR, Role.VEILEDER
        )
        if placement is None:
            from accounts.access import visible

            self.fields["candidate"].queryset = visible(
                user, Candidate.objects.filter(follow_up_status="aktiv")
            ).order_by("last_name", "first_name")
            # Need and mentor belong to the employer: offered once it is known (typed and sent, or
            # in the link), never as every need and contact person in the country.
            employer = self._chosen_employer()
            if employer is None:
                del self.fields["need"], self.fields["mentor"]
                self.fields["employer"].help_text = _(
                    "Skriv navn eller organisasjonsnummer. Behov og mentor hos arbeidsgiveren velger "
                    "du når arbeidsgiveren er valgt."
                )
            else:
                self.fields["need"].queryset = visible(user, Need.objects.filter(employer=employer)).order_by(
                    "title"
                )
                self.fields["mentor"].queryset = ContactPerson.objects.filter(employer=employer).order_by(
                    "name"
                )
        else:
            del self.fields["candidate"], self.fields["employer"]
            self.fields["need"].queryset = Need.objects.filter(employer_id=placement.employer_id)
            self.fields["mentor"].queryset = ContactPerson.objects.filter(employer_id=placement.employer_id)
            self.initial.update(
                {name: getattr(placement, name) for name in PLACEMENT_FIELDS if name in self.fields}
            )
        self.placement_model = Placement

    def _chosen_employer(self) -> Employer | None:
        text = self.data.get("employer") if self.is_bound else self.initial.get("employer")
        try:
            return EMPLOYERS.resolve(str(text or ""))
        except ValidationError:
            return None  # the field says why when the form is validated

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k in PLACEMENT_FIELDS}
        data.setdefault("need", None)
        return data


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Mal for oppfølgingsplanen"), choices=PlanKind.choices)
    notes = forms.CharField(
        label=_("Innhold og hyppighet i oppfølgingen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Det som er avtalt med kandidat og arbeidsgiver før oppstart."),
    )


class AgreeForm(forms.Form):
    on = forms.DateField(label=_("Planen ble avtalt"), widget=DATE)


class StartupScheduleForm(forms.Form):
    at = forms.DateTimeField(label=_("Tidspunkt for oppstartsmøtet"), widget=DATETIME)


class StartForm(forms.Form):
    held_on = forms.DateField(label=_("Oppstartsmøtet ble holdt"), widget=DATE)
    attendees = forms.CharField(label=_("Hvem deltok"), max_length=300)
    goal = forms.CharField(label=_("Mål"), widget=forms.Textarea(attrs={"rows": 2}))
    training = forms.CharField(label=_("Opplæring"), widget=forms.Textarea(attrs={"rows": 2}))
    support = forms.CharField(label=_("Støtte og tilrettelegging"), widget=forms.Textarea(attrs={"rows": 2}))
    reception = forms.CharField(label=_("Mottak på arbeidsplassen"), widget=forms.Textarea(attrs={"rows": 2}))
    mentor = forms.CharField(
        label=_("Mentor / fadder"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class EndForm(forms.Form):
    ended_on = forms.DateField(label=_("Sluttdato"), widget=DATE)
    outcome = forms.ChoiceField(label=_("Resultat"), choices=[("", ""), *Outcome.choices])
    employment = forms.ChoiceField(
        label=_("Ansettelsesform"), choices=[("", _("Ikke aktuelt")), *EmploymentForm.choices], required=False
    )
    working_time = forms.ChoiceField(
        label=_("Arbeidstid"), choices=[("", _("Ikke aktuelt")), *WorkingTime.choices], required=False
    )
    note = forms.CharField(
        label=_("Merknad"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Påkrevd når tiltaket avsluttes før tiden: skriv årsaken."),
    )


class CancelForm(forms.Form):
    reason = forms.ChoiceField(label=_("Årsak"), choices=[("", ""), *CancelReason.choices])
    note = forms.CharField(label=_("Merknad"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ChangeEndForm(forms.Form):
    new_end = forms.DateField(label=_("Ny sluttdato"), widget=DATE)
    reason = forms.CharField(label=_("Årsak"), max_length=500)


class FollowUpForm(forms.Form):
    title = forms.CharField(label=_("Oppfølging"), max_length=150)
    due_on = forms.DateField(label=_("Frist"), widget=DATE)
    kind = forms.ChoiceField(
        label=_("Type"), choices=FollowUp.Kind.choices[:-1], initial=FollowUp.Kind.MEETING
    )
    party = forms.ChoiceField(label=_("Ansvarlig"), choices=FollowUp.Party.choices)


class FollowUpDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Utført"), widget=DATE)
    retention_result = forms.ChoiceField(
        label=_("Status ved varighetssjekk"),
        choices=[("", _("Ikke aktuelt")), *RetentionResult.choices],
        required=False,
    )
    notes = forms.CharField(label=_("Merknad"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Dato"), widget=DATE)
    attendees = forms.CharField(label=_("Hvem deltok"), max_length=300)
    notes = forms.CharField(label=_("Referat"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    next_step = forms.CharField(label=_("Neste steg"), max_length=300, required=False)
    next_step_on = forms.DateField(
        label=_("Dato for neste steg"),
        widget=DATE,
        required=False,
        help_text=_("Blir en ny oppfølging med frist."),
    )


class ProblemForm(forms.Form):
    reported_at = forms.DateTimeField(label=_("Når meldte arbeidsgiveren problemet"), widget=DATETIME)
    reported_by_name = forms.CharField(label=_("Meldt av"), max_length=150, required=False)
    description = forms.CharField(label=_("Hva gjelder det"), widget=forms.Textarea(attrs={"rows": 3}))


class ProblemResponseForm(forms.Form):
    responded_at = forms.DateTimeField(label=_("Når svarte NAV"), widget=DATETIME)
    response = forms.CharField(label=_("Hva NAV gjorde"), widget=forms.Textarea(attrs={"rows": 3}))


class RotationForm(forms.Form):
    employer = LookupField(
        EMPLOYERS, label=_("Arbeidsgiver"), help_text=_("Skriv navn eller organisasjonsnummer.")
    )
    start_on = forms.DateField(label=_("Fra"), widget=DATE)
    end_on = forms.DateField(label=_("Til"), widget=DATE)


class HandoverForm(forms.Form):
    to = UserChoiceField(label=_("Ny ansvarlig veileder"), queryset=User.objects.none())
    note = forms.CharField(label=_("Merknad"), max_length=300, required=False)

    def __init__(self, *args, office_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = (
            User.objects.filter(
                is_active=True, memberships__unit_id=office_id, memberships__role=Role.VEILEDER
            )
            .distinct()
            .order_by("first_name", "last_name")
        )


class CandidatesChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class MentorEmployerForm(forms.Form):
    """Step one of «one mentor, several candidates»: the employer whose contact person mentors
    (sent with GET, so step two's mentor list holds only that employer's contact persons)."""

    arbeidsgiver = LookupField(
        EMPLOYERS, label=_("Arbeidsgiver"), help_text=_("Skriv navn eller organisasjonsnummer.")
    )


class MentorGroupForm(forms.Form):
    """One mentor at one employer with several candidates (L4169–4174): the shared terms once, and
    the service makes one placement per candidate."""

    candidates = CandidatesChoiceField(
        label=_("Kandidater"),
        queryset=Candidate.objects.none(),
        help_text=_("Alle som skal ha samme mentor. Hver kandidat får sin egen tiltaksavtale."),
    )
    mentor = forms.ModelChoiceField(
        label=_("Mentor"),
        queryset=ContactPerson.objects.none(),
        help_text=_("Kontaktpersonen hos arbeidsgiveren som skal være mentor."),
    )
    mentor_hours_per_week = forms.DecimalField(
        label=_("Mentortimer per uke for hver kandidat"), min_value=0, max_digits=4, decimal_places=1
    )
    planned_start = forms.DateField(label=_("Planlagt start"), widget=DATE)
    planned_end = forms.DateField(label=_("Planlagt slutt"), widget=DATE)
    mentor_extension_reason = forms.CharField(
        label=_("Begrunnelse for mentortilskudd ut over 6 måneder"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Mentortilskudd gis i inntil 6 måneder, og med begrunnelse i inntil 3 år."),
    )
    tasks = forms.CharField(
        label=_("Arbeidsoppgaver"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    project = forms.ModelChoiceField(
        label=_("Prosjekt"), queryset=Project.objects.order_by("name"), required=False
    )
    need = forms.ModelChoiceField(label=_("Behov"), queryset=Need.objects.none(), required=False)
    adviser = UserChoiceField(label=_("Ansvarlig IA-rådgiver"), queryset=User.objects.none(), required=False)

    # The terms every placement of the group gets (the rest comes from each candidate).
    SHARED = (
        "mentor_hours_per_week",
        "planned_start",
        "planned_end",
        "mentor_extension_reason",
        "tasks",
        "adviser",
    )

    def __init__(self, *args, user, employer, **kwargs):
        from accounts.access import visible

        super().__init__(*args, **kwargs)
        self.employer = employer
        self.fields["candidates"].queryset = visible(
            user, Candidate.objects.filter(follow_up_status="aktiv")
        ).order_by("last_name", "first_name")
        self.fields["mentor"].queryset = ContactPerson.objects.filter(employer=employer).order_by("name")
        self.fields["need"].queryset = visible(user, Need.objects.filter(employer=employer)).order_by("title")
        self.fields["adviser"].queryset = _users(Role.IA_RADGIVER, Role.MARKEDSKOORDINATOR)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        shared = {name: data[name] for name in self.SHARED}
        # The mentor's subsidy runs with the placement unless the form says otherwise.
        shared["mentor_start"], shared["mentor_end"] = data["planned_start"], data["planned_end"]
        if not shared["tasks"] and data["need"] is not None:
            del shared["tasks"]  # the need's tasks, as for one placement
        return {
            "candidates": data["candidates"],
            "employer": self.employer,
            "mentor": data["mentor"],
            "project": data["project"],
            "need": data["need"],
            **shared,
        }
