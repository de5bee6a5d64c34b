"""Thin views for placements: read through selectors, write through services, ask accounts.access."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView, TemplateView

from accounts.access import can
from accounts.mixins import ObjectRuleMixin, RuleRequiredMixin
from core.forms import add_service_errors
from employers.models import Employer

from . import forms, selectors, services
from .models import FollowUp, Placement, ProblemReport


class MineView(RuleRequiredMixin, TemplateView):
    """«Mine oppfølginger»: what is overdue and what is due this week, for counsellors and advisers;
    the first rows of each section, and with `?vis=<section>` one section in full, a page at a time."""

    rule = "placements.mine"
    template_name = "placements/mine.html"
    per_page = 50

    @cached_property
    def section(self) -> str | None:
        section = self.request.GET.get("vis")
        return section if section in selectors.SECTIONS else None

    def get_template_names(self):
        return ["placements/mine_section.html"] if self.section else [self.template_name]

    def get_context_data(self, **kwargs):
        user = self.request.user
        today = timezone.localdate()
        context = {
            **super().get_context_data(**kwargs),
            "today": today,
            "can_create": can(user, "placements.create"),
            "can_see_unowned": can(user, "placements.unowned"),
        }
        if self.section:
            return {**context, **self._section_context(user, today)}
        return {
            **context,
            **selectors.my_follow_ups(user=user, today=today),
            **selectors.my_placements(user=user),
        }

    def _section_context(self, user, today):
        rows = selectors.my_section(user=user, today=today, section=self.section)
        page = Paginator(rows, self.per_page).get_page(self.request.GET.get("page"))
        if self.section == "tiltak":
            page.object_list = selectors.placement_rows(page.object_list)
            heading = _("Mine tiltak")
        else:
            page.object_list = selectors.label_follow_ups(user=user, today=today, rows=page.object_list)
            heading = (
                _("Forfalt")
                if self.section == "forfalt"
                else _("Denne uken (til og med %(end)s)")
                % {"end": date_format(selectors.week_end_of(today), "j.n.")}
            )
        return {"section": self.section, "heading": heading, "page_obj": page}


class UnownedView(RuleRequiredMixin, TemplateView):
    rule = "placements.unowned"
    template_name = "placements/unowned.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "placements": list(selectors.unowned_placements(user=self.request.user)),
        }


class PlacementCreateView(RuleRequiredMixin, FormView):
    rule = "placements.create"
    form_class = forms.PlacementForm
    template_name = "placements/form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        # Links from a candidate or an employer carry them (?kandidat=, ?arbeidsgiver=).
        for param, field in (("kandidat", "candidate"), ("arbeidsgiver", "employer")):
            if param in self.request.GET:
                kwargs.setdefault("initial", {})[field] = self.request.GET[param]
        return kwargs

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "title": _("Ny tiltaksavtale"),
            "cancel_url": reverse("placements:mine"),
        }

    def form_valid(self, form):
        data = form.service_data()
        try:
            placement = services.placement_create_draft(
                candidate=form.cleaned_data["candidate"],
                employer=form.cleaned_data["employer"],
                need=data.pop("need"),
                project=data.pop("project"),
                by=self.request.user,
                **data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Tiltaksavtalen er opprettet som utkast."))
        return redirect("placements:detail", placement.pk)


class MentorGroupView(RuleRequiredMixin, FormView):
    """One mentor with several candidates at once (L4169–4174). Step one picks the employer (GET
    `?arbeidsgiver=`); step two takes the shared terms and makes one draft placement per candidate
    through `services.mentor_placements_create`."""

    rule = "placements.create"
    form_class = forms.MentorGroupForm
    template_name = "placements/mentor_group.html"

    @cached_property
    def employer(self) -> Employer | None:
        chooser = forms.MentorEmployerForm(self.request.GET or None)
        return chooser.cleaned_data["arbeidsgiver"] if chooser.is_valid() else None

    def get(self, request, *args, **kwargs):
        if self.employer is None:
            return self.render_to_response(self.get_context_data(form=None))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.employer is None:
            return redirect("placements:mentor_group")
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "employer": self.employer}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            employer=self.employer,
            chooser=forms.MentorEmployerForm(self.request.GET or None) if self.employer is None else None,
            has_mentors=self.employer is not None and self.employer.contact_persons.exists(),
            cancel_url=reverse("placements:mine"),
        )
        return context

    def form_valid(self, form):
        try:
            created = services.mentor_placements_create(by=self.request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            ngettext(
                "%(n)s tiltaksavtale med mentor er opprettet som utkast.",
                "%(n)s tiltaksavtaler med samme mentor er opprettet som utkast.",
                len(created),
            )
            % {"n": len(created)},
        )
        return redirect("placements:mine")


class PlacementMixin(ObjectRuleMixin):
    object_rule = "placements.view"
    context_object_name = "placement"

    def load_object(self):
        return selectors.placement_get(user=self.request.user, pk=self.kwargs["pk"])

    @property
    def placement(self) -> Placement:
        return self.object

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["candidate_label"] = selectors.candidate_label(self.request.user, self.placement)
        return context


class PlacementDetailView(PlacementMixin, TemplateView):
    template_name = "placements/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, placement = self.request.user, self.placement
        page = selectors.placement_page(placement=placement)
        S = Placement.Status
        context.update(
            page=page,
            today=timezone.localdate(),
            can_change=can(user, "placements.change", placement) and placement.is_open,
            can_handover=can(user, "placements.handover", placement) and placement.is_open,
            can_record=can(user, "placements.change", placement),
            is_draft=placement.status == S.DRAFT,
            is_ready=placement.status == S.READY,
            is_active=placement.status == S.ACTIVE,
            can_extend=placement.status in (S.READY, S.ACTIVE),
        )
        return context


class ActionView(PlacementMixin, FormView):
    """A form about one placement whose valid input goes to one service; its ValidationError is
    shown on the form, and nothing the user typed is lost."""

    object_rule = "placements.change"
    template_name = "placements/form.html"
    title = ""
    intro = ""
    success_message = ""

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "title": self.title,
            "intro": self.intro,
            "cancel_url": reverse("placements:detail", args=[self.placement.pk]),
        }

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.perform(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect("placements:detail", self.placement.pk)


class PlacementEditView(ActionView):
    form_class = forms.PlacementForm
    title = gettext_lazy("Endre tiltaksavtalen")
    success_message = gettext_lazy("Endringene er lagret.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "placement": self.placement}

    def perform(self, form):
        services.placement_update(placement=self.placement, by=self.request.user, **form.service_data())


class PlanView(ActionView):
    form_class = forms.PlanForm
    title = gettext_lazy("Oppfølgingsplan")
    intro = gettext_lazy(
        "Velg malen som passer. Oppfølgingene får frister ut fra planlagt start og slutt, og kan endres etterpå."
    )
    success_message = gettext_lazy("Oppfølgingsplanen er laget.")

    def get_initial(self):
        return {"kind": self.placement.plan_kind, "notes": self.placement.plan_notes}

    def perform(self, form):
        services.follow_up_plan_apply(
            placement=self.placement,
            kind=form.cleaned_data["kind"],
            notes=form.cleaned_data["notes"],
            by=self.request.user,
        )


class AgreeView(ActionView):
    form_class = forms.AgreeForm
    title = gettext_lazy("Planen er avtalt")
    intro = gettext_lazy("Innhold og hyppighet i oppfølgingen er avtalt med kandidat og arbeidsgiver.")
    success_message = gettext_lazy("Planen er registrert som avtalt.")

    def get_initial(self):
        return {"on": timezone.localdate()}

    def perform(self, form):
        services.follow_up_plan_agree(
            placement=self.placement, by=self.request.user, on=form.cleaned_data["on"]
        )


class StartupScheduleView(ActionView):
    form_class = forms.StartupScheduleForm
    title = gettext_lazy("Avtal oppstartsmøte")
    success_message = gettext_lazy("Oppstartsmøtet er avtalt.")

    def perform(self, form):
        services.placement_schedule_startup(
            placement=self.placement, at=form.cleaned_data["at"], by=self.request.user
        )


class ReadyView(ActionView):
    form_class = forms.forms.Form
    title = gettext_lazy("Klar for oppstart")
    intro = gettext_lazy(
        "Oppfølgingsplanen er avtalt og oppstartsmøtet er satt. Marker tiltaket som klart for oppstart."
    )
    success_message = gettext_lazy("Tiltaket er klart for oppstart.")

    def perform(self, form):
        services.placement_mark_ready(placement=self.placement, by=self.request.user)


class StartView(ActionView):
    form_class = forms.StartForm
    title = gettext_lazy("Oppstartsmøtet er holdt")
    intro = gettext_lazy("Når mål, opplæring, støtte, mottak og mentor er avklart, starter tiltaket.")
    success_message = gettext_lazy("Tiltaket gjennomføres.")

    def perform(self, form):
        services.placement_start(placement=self.placement, by=self.request.user, **form.cleaned_data)


class EndView(ActionView):
    form_class = forms.EndForm
    title = gettext_lazy("Avslutt med resultat")
    intro = gettext_lazy("Varighetssjekker etter 6, 12 og 24 måneder blir lagt inn som oppfølginger.")
    success_message = gettext_lazy("Tiltaket er avsluttet.")

    def get_initial(self):
        return {"ended_on": timezone.localdate()}

    def perform(self, form):
        services.placement_end(placement=self.placement, by=self.request.user, **form.cleaned_data)


class CancelView(ActionView):
    form_class = forms.CancelForm
    title = gettext_lazy("Annuller tiltaket")
    success_message = gettext_lazy("Tiltaket er annullert.")

    def perform(self, form):
        services.placement_cancel(placement=self.placement, by=self.request.user, **form.cleaned_data)


class ChangeEndView(ActionView):
    form_class = forms.ChangeEndForm
    title = gettext_lazy("Forleng eller forkort")
    success_message = gettext_lazy("Sluttdatoen er endret.")

    def perform(self, form):
        services.placement_change_end(placement=self.placement, by=self.request.user, **form.cleaned_data)


class FollowUpAddView(ActionView):
    form_class = forms.FollowUpForm
    title = gettext_lazy("Ny oppfølging")
    success_message = gettext_lazy("Oppfølgingen er lagt inn.")

    def perform(self, form):
        services.follow_up_add(placement=self.placement, by=self.request.user, **form.cleaned_data)


class FollowUpDoneView(ActionView):
    form_class = forms.FollowUpDoneForm
    title = gettext_lazy("Registrer oppfølging")
    success_message = gettext_lazy("Oppfølgingen er registrert.")

    def follow_up(self) -> FollowUp:
        return get_object_or_404(FollowUp, pk=self.kwargs["follow_up"], placement=self.placement)

    def get_initial(self):
        return {"done_on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = f"{self.follow_up().title} ({self.follow_up().due_on:%d.%m.%Y})"
        return context

    def perform(self, form):
        services.follow_up_complete(follow_up=self.follow_up(), by=self.request.user, **form.cleaned_data)


class MeetingView(ActionView):
    form_class = forms.MeetingForm
    title = gettext_lazy("Møtereferat")
    success_message = gettext_lazy("Møtet er registrert.")

    def get_initial(self):
        return {"held_on": timezone.localdate()}

    def perform(self, form):
        follow_up = None
        raw = self.request.GET.get("oppfolging", "")
        if raw.isdigit():
            follow_up = self.placement.follow_ups.filter(pk=int(raw)).first()
        services.meeting_record_create(
            placement=self.placement, by=self.request.user, follow_up=follow_up, **form.cleaned_data
        )


class ProblemView(ActionView):
    form_class = forms.ProblemForm
    title = gettext_lazy("Arbeidsgiveren melder om et problem")
    success_message = gettext_lazy("Problemet er registrert. Ansvarlige har fått beskjed.")

    def get_initial(self):
        return {"reported_at": timezone.localtime().replace(second=0, microsecond=0)}

    def perform(self, form):
        services.problem_report_create(placement=self.placement, by=self.request.user, **form.cleaned_data)


class ProblemResponseView(ActionView):
    form_class = forms.ProblemResponseForm
    title = gettext_lazy("NAV har svart")
    success_message = gettext_lazy("Svaret er registrert.")

    def get_initial(self):
        return {"responded_at": timezone.localtime().replace(second=0, microsecond=0)}

    def perform(self, form):
        problem = get_object_or_404(ProblemReport, pk=self.kwargs["problem"], placement=self.placement)
        services.problem_respond(problem=problem, by=self.request.user, **form.cleaned_data)


class RotationView(ActionView):
    form_class = forms.RotationForm
    title = gettext_lazy("Ny rullering")
    intro = gettext_lazy("En periode hos en annen arbeidsgiver (JobbLoop: tre perioder på fire måneder).")
    success_message = gettext_lazy("Rulleringen er lagt inn.")

    def perform(self, form):
        services.rotation_add(placement=self.placement, by=self.request.user, **form.cleaned_data)


class HandoverView(ActionView):
    object_rule = "placements.handover"
    form_class = forms.HandoverForm
    title = gettext_lazy("Overlever til en annen veileder")
    intro = gettext_lazy("De åpne oppfølgingene følger med.")
    success_message = gettext_lazy("Tiltaket er overlevert.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "office_id": self.placement.office_id}

    def perform(self, form):
        services.placement_handover(placement=self.placement, by=self.request.user, **form.cleaned_data)
