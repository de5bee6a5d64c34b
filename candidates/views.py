"""Thin views: access through accounts.access, reads through selectors, writes through services.

Every response that shows a candidate's identity writes access-log rows for exactly the
candidates shown (detail, edit, list/search page, export).
"""

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, RedirectView, TemplateView

from accounts.access import can, office_ids
from accounts.mixins import ObjectRuleMixin, RuleRequiredMixin
from accounts.models import display_name
from core.exports import export_response
from core.forms import add_service_errors, filter_cache_key
from core.templatetags.rows import plain_date, url_prefix
from core.vocabulary import Innsatsgruppe
from employers import selectors as need_selectors

from . import selectors, services
from .forms import (
    CandidateFilterForm,
    CandidateForm,
    ConsentForm,
    FacilitationForm,
    ProfileFilterForm,
    ProfileForm,
)
from .models import AccessLogEntry, AgeBand, Candidate, Consent, FollowUpStatus, TransferRequest

PAGE_SIZE = 25
EXPORT_LIMIT = 5000


SEARCH_SESSION_KEY = "candidates_search"


def _candidate_filters(request) -> tuple[CandidateFilterForm, dict]:
    """Filters from the query string; the search term from the session when `sok` is set."""
    data = request.GET.copy()
    data.pop("q", None)
    if data.get("sok"):
        data["q"] = request.session.get(SEARCH_SESSION_KEY, "")
    form = CandidateFilterForm(data or None)
    return form, (form.cleaned_data if form.is_valid() else {})


class CandidateObjectMixin(ObjectRuleMixin):
    """Load the candidate through the scoped selector: another office's candidate is a 404."""

    object_rule = "candidates.view"
    context_object_name = "candidate"

    def load_object(self) -> Candidate | None:
        return selectors.candidate_get(user=self.request.user, pk=self.kwargs["pk"])

    @property
    def candidate(self) -> Candidate:
        return self.object


# --- Identity pages (owning office's counsellors) ---------------------------------------------------


# The columns «Mine kandidater» shows, as values() rows: no model per row (issue 16).
LIST_COLUMNS = (
    "pk",
    "first_name",
    "last_name",
    "innsatsgruppe",
    "follow_up_status",
    "profile__code",
    "counsellor_id",
    "counsellor__first_name",
    "counsellor__last_name",
    "counsellor__username",
)


def _list_rows(candidates) -> list[dict]:
    """What each row of «Mine kandidater» shows, worked out once per page: one reverse() for the
    detail links and each choice label translated once, instead of a {% url %}, two
    get_FOO_display and an included status tag per row (a third of the page's CPU, issue 16)."""
    prefix = url_prefix("candidates:detail")
    innsatsgrupper = {value: str(label) for value, label in Innsatsgruppe.choices}
    statuses = {s.value: (str(s.label), s.tag_color) for s in FollowUpStatus}
    rows = []
    for c in candidates:
        status, status_color = statuses[c["follow_up_status"]]
        rows.append(
            {
                "url": f"{prefix}{c['pk']}/",
                "name": f"{c['last_name']}, {c['first_name']}",
                "code": c["profile__code"] or "",
                "innsatsgruppe": innsatsgrupper.get(c["innsatsgruppe"], c["innsatsgruppe"]),
                "counsellor": display_name(
                    c["counsellor__first_name"], c["counsellor__last_name"], c["counsellor__username"]
                )
                if c["counsellor_id"]
                else "–",
                "status": status,
                "status_color": status_color,
            }
        )
    return rows


class CandidateListView(RuleRequiredMixin, TemplateView):
    """«Mine kandidater»: own and own office's candidates, search by name or fødselsnummer."""

    rule = "candidates.list"
    template_name = "candidates/candidate_list.html"

    def post(self, request):
        """The search term goes in the session, never in a URL: a fødselsnummer in a query string
        would end up in browser history and web-server access logs."""
        form = CandidateFilterForm(request.POST)
        params = QueryDict(mutable=True)
        if form.is_valid():
            filters = {k: v for k, v in form.cleaned_data.items() if v and k != "q"}
            params.update({k: "on" if v is True else v for k, v in filters.items()})
            if form.cleaned_data["q"]:
                request.session[SEARCH_SESSION_KEY] = form.cleaned_data["q"]
                params["sok"] = "1"
        return redirect(f"{reverse('candidates:list')}?{params.urlencode()}" if params else "candidates:list")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, filters = _candidate_filters(self.request)
        live_term = bool(form.data.get("q"))
        rows = selectors.candidate_list(user=self.request.user, **filters)
        paginator = Paginator(rows, PAGE_SIZE)
        total = selectors.candidate_list_total(user=self.request.user, **filters)
        if total is not None:
            paginator.count = total  # a cached_property: the database's own count, no COUNT(*)
        page = paginator.get_page(self.request.GET.get("page"))
        # values() on the page only: the count stays an index-only scan without the joins.
        shown = list(page.object_list.values(*LIST_COLUMNS))
        services.access_log_record(
            user=self.request.user,
            candidates=[c["pk"] for c in shown],
            page=AccessLogEntry.Page.SEARCH if filters.get("q") else AccessLogEntry.Page.LIST,
        )
        context.update(
            form=form,
            # A search term may be a fødselsnummer: rendered live, outside the cached fragment and
            # its key. Without one the empty search field is cached with the other fields (its
            # widget was a sixteenth of the page's CPU, issue 16).
            live_term=live_term,
            filter_cache_key=filter_cache_key(form, live=("q",) if live_term else ()),
            page_obj=page,
            candidates=_list_rows(shown),
            searched=bool(filters.get("q")),
            can_view_profiles=can(self.request.user, "candidates.view_profiles"),
        )
        return context


class CandidateExportView(RuleRequiredMixin, View):
    """CSV of the own office's candidates (identity): every row exported is logged."""

    rule = "candidates.export"

    def get(self, request):
        _form, filters = _candidate_filters(request)
        rows = list(selectors.candidate_list(user=request.user, **filters)[:EXPORT_LIMIT])
        services.access_log_record(user=request.user, candidates=rows, page=AccessLogEntry.Page.EXPORT)
        header = [
            _("Kode"),
            _("Fornavn"),
            _("Etternavn"),
            _("Telefon"),
            _("E-post"),
            _("NAV-kontor"),
            _("Veileder"),
            _("Innsatsgruppe"),
            _("Oppfølging"),
        ]
        response = export_response(
            fmt="csv",
            filename="kandidater",
            header=header,
            rows=(
                [
                    c.profile.code,
                    c.first_name,
                    c.last_name,
                    c.phone,
                    c.email,
                    c.office.name,
                    c.counsellor.display_name if c.counsellor else "",
                    c.get_innsatsgruppe_display(),
                    c.get_follow_up_status_display(),
                ]
                for c in rows
            ),
        )
        # Identity must not linger in shared caches or the browser's cache.
        response["Cache-Control"] = "no-store"
        return response


class CandidateCreateView(RuleRequiredMixin, FormView):
    rule = "candidates.create"
    template_name = "candidates/candidate_form.html"
    form_class = CandidateForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "office_ids": office_ids(self.request.user),
        }

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            candidate = services.candidate_create(by=self.request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            codes = [e.code for e in getattr(exc, "error_dict", {}).get("fodselsnummer", [])]
            if services.ELSEWHERE_CODE in codes:
                # Offer a transfer request; the number goes back in a POST body, never a URL.
                return self.render_to_response(
                    self.get_context_data(
                        form=form, transfer_fnr=data["fodselsnummer"], transfer_office=data["office"]
                    )
                )
            return self.form_invalid(form)
        messages.success(self.request, _("Kandidaten er registrert. Fyll ut den anonymiserte profilen."))
        return redirect("candidates:profile_edit", pk=candidate.pk)


class CandidateUpdateView(CandidateObjectMixin, FormView):
    object_rule = "candidates.change"
    template_name = "candidates/candidate_form.html"
    form_class = CandidateForm

    def get_initial(self):
        c = self.candidate
        return {
            "first_name": c.first_name,
            "last_name": c.last_name,
            "fodselsnummer": c.fodselsnummer,
            "phone": c.phone,
            "email": c.email,
            "counsellor": c.counsellor_id,
            "innsatsgruppe": c.innsatsgruppe,
            "benefit": c.benefit,
            "follow_up_started_on": c.follow_up_started_on,
            "notes": c.notes,
        }

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "office_ids": {self.candidate.office_id},
            "editing": True,
        }

    def get(self, request, *args, **kwargs):
        services.access_log_record(
            user=request.user, candidates=[self.candidate], page=AccessLogEntry.Page.EDIT
        )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(candidate=self.candidate, **kwargs)

    def form_valid(self, form):
        try:
            services.candidate_update(candidate=self.candidate, by=self.request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Opplysningene er lagret."))
        return redirect("candidates:detail", pk=self.candidate.pk)


class CandidateDetailView(CandidateObjectMixin, TemplateView):
    """Identity, profile, facilitation history, consents, follow-up and who has viewed the page."""

    template_name = "candidates/candidate_detail.html"

    def get_context_data(self, **kwargs):
        candidate = self.candidate
        services.access_log_record(
            user=self.request.user, candidates=[candidate], page=AccessLogEntry.Page.DETAIL
        )
        profile = selectors.profile_of(candidate)
        today = timezone.localdate()
        consents = list(selectors.consents_for(candidate))
        return super().get_context_data(
            candidate=candidate,
            profile=profile,
            facilitation_current=services.facilitation_current(candidate),
            facilitation_history=selectors.facilitation_history(candidate),
            consents=[(c, c.is_valid_on(today)) for c in consents],
            access_log=selectors.access_log_for(user=self.request.user, candidate=candidate)[:50],
            follow_up_events=candidate.follow_up_events.select_related("by")[:20],
            transitions=sorted(services.FOLLOW_UP_TRANSITIONS[candidate.follow_up_status]),
            follow_up_color=FollowUpStatus(candidate.follow_up_status).tag_color,
            history=selectors.candidate_history(candidate),
            # Through the reverse relation: candidates never imports the projects app above it.
            enrolments=candidate.project_enrolments.select_related("project", "current_phase").order_by(
                "-enrolled_on"
            ),
            **kwargs,
        )


class ProfileUpdateView(CandidateObjectMixin, FormView):
    object_rule = "candidates.change"
    template_name = "candidates/profile_form.html"
    form_class = ProfileForm

    def get_initial(self):
        return ProfileForm.initial_from(self.candidate.profile)

    def get_context_data(self, **kwargs):
        return super().get_context_data(candidate=self.candidate, **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        job_wishes = data.pop("job_wishes")
        try:
            services.candidate_profile_update(
                profile=self.candidate.profile, by=self.request.user, job_wishes=job_wishes, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Profilen er lagret."))
        return redirect("candidates:detail", pk=self.candidate.pk)


class FacilitationUpdateView(CandidateObjectMixin, FormView):
    object_rule = "candidates.change"
    template_name = "candidates/facilitation_form.html"
    form_class = FacilitationForm

    def get_initial(self):
        return {cat: need.values for cat, need in services.facilitation_current(self.candidate).items()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(candidate=self.candidate, **kwargs)

    def form_valid(self, form):
        changed = 0
        for category, values in form.cleaned_data.items():
            need = services.facilitation_need_set(
                candidate=self.candidate, by=self.request.user, category=category, values=values
            )
            changed += need is not None
        if changed:
            messages.success(self.request, _("Tilretteleggingsbehovene er lagret."))
        else:
            messages.info(self.request, _("Ingen endringer i tilretteleggingsbehovene."))
        return redirect("candidates:detail", pk=self.candidate.pk)


class FollowUpTransitionView(CandidateObjectMixin, View):
    object_rule = "candidates.change"
    TRANSITIONS = {
        FollowUpStatus.PAUSED: (services.follow_up_pause, _("Oppfølgingen er satt på pause.")),
        FollowUpStatus.ACTIVE: (services.follow_up_resume, _("Oppfølgingen er aktiv.")),
        FollowUpStatus.ENDED: (services.follow_up_end, _("Oppfølgingen er avsluttet.")),
    }

    def post(self, request, pk):
        entry = self.TRANSITIONS.get(request.POST.get("to"))
        if entry is None:
            raise Http404
        func, text = entry
        try:
            func(candidate=self.candidate, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, text)
        return redirect("candidates:detail", pk=pk)


class ConsentCreateView(CandidateObjectMixin, FormView):
    object_rule = "candidates.change"
    template_name = "candidates/consent_form.html"
    form_class = ConsentForm

    @cached_property
    def from_need(self):
        """`?behov=<need id>` (from a need's candidate list): that need, if the user may see it."""
        raw = self.request.GET.get("behov") or self.request.POST.get("need") or ""
        if not raw.isdigit():
            return None
        return need_selectors.need_detail(user=self.request.user, pk=int(raw))

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "county_id": self.candidate.profile.county_id,
            "also_need": self.from_need,
        }

    def get_initial(self):
        need = self.from_need
        if need is None:
            return super().get_initial()
        return {
            **super().get_initial(),
            "employer_orgnr": need.employer.orgnr,
            "employer_name": need.employer.name,
            "purpose": Consent.Purpose.NEED,
            "need": need.pk,
            "subject": need.title,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(candidate=self.candidate, from_need=self.from_need, **kwargs)

    def form_valid(self, form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "confirmed"}
        try:
            services.consent_record(candidate=self.candidate, by=self.request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Samtykket er registrert."))
        return redirect("candidates:detail", pk=self.candidate.pk)


class ConsentRevokeView(CandidateObjectMixin, View):
    object_rule = "candidates.change"

    def post(self, request, pk, consent_pk):
        consent = get_object_or_404(Consent, pk=consent_pk, candidate=self.candidate)
        services.consent_revoke(consent=consent, by=request.user)
        messages.success(request, _("Samtykket er trukket."))
        return redirect("candidates:detail", pk=pk)


# --- Anonymised profiles (everyone with a profile role) ---------------------------------------------


def profile_filter_form(request) -> ProfileFilterForm:
    """The profile filters. No county is preselected here: profiles are searched nationally (the
    access matrix promises every profile on the unfiltered list), unlike the employer register."""
    return ProfileFilterForm(request.GET or None)


def _profile_rows(profiles) -> list[dict]:
    """What each row of the profile list shows, worked out once per page: one reverse() for the
    links, the age bands translated once, the lists joined here (a {% url %}, a label lookup and
    three filters per row were most of the page's rendering, issue 16)."""
    prefix = url_prefix("candidates:profile_detail")
    ages = {value: str(label) for value, label in AgeBand.choices}
    now = _("Nå")
    return [
        {
            "code": p.code,
            "url": f"{prefix}{quote(p.code)}/",
            "age": ages[p.age_band],
            "place": p.municipality or p.county,
            "job_wishes": ", ".join(p.job_wishes) or "–",
            "facilitation": ", ".join(p.facilitation_categories) or "–",
            "available": plain_date(p.available_from, "j.n.Y") if p.available_from else now,
            "completeness": p.completeness,
        }
        for p in profiles
    ]


class ProfileListView(RuleRequiredMixin, TemplateView):
    """«Kandidatprofiler»: anonymised profiles, never identity (selectors.profile_list)."""

    rule = "candidates.view_profiles"
    template_name = "candidates/profile_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = profile_filter_form(self.request)
        filters = form.cleaned_data if form.is_valid() else {}
        rows = selectors.profile_list(user=self.request.user, **filters)
        paginator = Paginator(rows, PAGE_SIZE)
        total = selectors.profile_list_total(user=self.request.user, **filters)
        if total is not None:
            paginator.count = total  # a cached_property: the database's own count, no COUNT(*)
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            form=form,
            # The filter form's HTML is a function of its data and the language: cached per process
            # (templates/candidates/profile_list.html), a third of the page's rendering (issue 16).
            filter_cache_key=filter_cache_key(form),
            page_obj=page,
            profiles=_profile_rows(selectors.anonymised_profiles(page.object_list)),
        )
        return context


class ProfileDetailView(ObjectRuleMixin, TemplateView):
    object_rule = "candidates.view_profiles"
    context_object_name = "profile"
    template_name = "candidates/profile_detail.html"

    def load_object(self):
        return selectors.profile_get(user=self.request.user, code=self.kwargs["code"])


class ProfileExportView(RuleRequiredMixin, View):
    """CSV of anonymised profiles with the list's filters: the same whitelist of columns."""

    rule = "candidates.view_profiles"

    def get(self, request):
        form = profile_filter_form(request)
        filters = form.cleaned_data if form.is_valid() else {}
        profiles = selectors.anonymised_profiles(
            selectors.profile_list(user=request.user, **filters)[:EXPORT_LIMIT]
        )
        header = [
            _("Kode"),
            _("Alder"),
            _("Fylke"),
            _("Kommune"),
            _("Jobbønsker"),
            _("Utdanning"),
            _("Tilgjengelig fra"),
            _("Omfang"),
            _("Tilrettelegging"),
        ]
        return export_response(
            fmt="csv",
            filename="kandidatprofiler",
            header=header,
            rows=(
                [
                    p.code,
                    p.age_band_label,
                    p.county,
                    p.municipality,
                    ", ".join(p.job_wishes),
                    p.education_level_label,
                    p.available_from or "",
                    p.extent_label,
                    ", ".join(p.facilitation_categories),
                ]
                for p in profiles
            ),
        )


# --- Leaders and admins ----------------------------------------------------------------------------------


class StatisticsView(RuleRequiredMixin, RedirectView):
    """Folded into the outcome dashboards (issue 15): the old address redirects there."""

    rule = "candidates.view_statistics"
    pattern_name = "dashboards:overview"
    permanent = False


class AccessLogView(RuleRequiredMixin, TemplateView):
    """Who viewed which candidate (by code): leaders for their offices, admins for all."""

    rule = "candidates.view_access_log"
    template_name = "candidates/access_log.html"

    def get_context_data(self, **kwargs):
        code = self.request.GET.get("kode", "")
        rows = selectors.access_log_for(user=self.request.user, code=code)
        page = Paginator(rows, 50).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            page_obj=page,
            entries=page.object_list,
            code=code,
            **kwargs,
        )


# --- Transfers between offices (issue 10, item 2) ---------------------------------------------------


class TransferListView(RuleRequiredMixin, TemplateView):
    """Requests to take over my office's candidates, and my own requests (which show nothing about
    the person until accepted)."""

    rule = "candidates.list"
    template_name = "candidates/transfer_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        incoming = TransferRequest.objects.filter(
            from_office_id__in=office_ids(user), status=TransferRequest.Status.PENDING
        ).select_related("to_office", "requested_by", "candidate__profile")
        outgoing = TransferRequest.objects.filter(requested_by=user).select_related("to_office")[:50]
        return {**super().get_context_data(**kwargs), "incoming": incoming, "outgoing": outgoing}


class TransferRequestCreateView(RuleRequiredMixin, View):
    rule = "candidates.create"

    def post(self, request):
        office_id = request.POST.get("office", "")
        offices = office_ids(request.user)
        if not office_id.isdigit() or int(office_id) not in offices:
            raise PermissionDenied
        from accounts.models import NavUnit

        services.transfer_request_create(
            by=request.user,
            office=NavUnit.objects.get(pk=int(office_id)),
            fodselsnummer=request.POST.get("fodselsnummer", "")[:20],
        )
        messages.success(
            request,
            _(
                "Forespørselen er sendt. Følges personen opp ved et annet NAV-kontor, får veilederen "
                "der beskjed og kan godta overføringen."
            ),
        )
        return redirect("candidates:transfers")


class TransferDecideView(RuleRequiredMixin, View):
    rule = "candidates.list"

    def post(self, request, pk, action):
        transfer = get_object_or_404(TransferRequest, pk=pk, from_office_id__in=office_ids(request.user))
        if action == "godta":
            services.transfer_accept(transfer=transfer, by=request.user)
            messages.success(request, _("Kandidaten er overført."))
        else:
            services.transfer_decline(transfer=transfer, by=request.user)
            messages.success(request, _("Forespørselen er avslått."))
        return redirect("candidates:transfers")
