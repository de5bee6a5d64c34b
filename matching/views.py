"""Thin views for matching: rankings, candidate lists, sharing, and the employer's shared page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.access import can, office_ids, require, visible
from accounts.mixins import ObjectRuleMixin, RuleRequiredMixin
from candidates import selectors as candidate_selectors
from candidates.models import Candidate
from core.forms import add_service_errors, filter_cache_key
from core.models import ShareLink, ShareLinkAccess
from core.sharing import ShareLinkRefused, client_key, share_link_log, share_link_resolve, share_link_revoke
from employers import selectors as employer_selectors
from employers.models import Need

from . import selectors, services
from .forms import (
    BoardCaseForm,
    BoardCloseForm,
    BoardFilterForm,
    BoardProposalForm,
    EmployerResponseForm,
    EntryStatusForm,
    ProposeForm,
    RankingFilterForm,
    ShareForm,
)
from .models import BoardCase, CandidateList, ListEntry

PAGE_SIZE = 20
# The ranking is for choosing whom to talk to; beyond 100 results a narrower need helps more.
MAX_PAGES = 5


class NeedMixin(ObjectRuleMixin):
    """The URL's need, visible to the user (404) and allowed by `object_rule` (403)."""

    object_rule = "matching.view_list"
    context_object_name = "need"

    def load_object(self) -> Need | None:
        return employer_selectors.need_detail(user=self.request.user, pk=self.kwargs["pk"])

    @property
    def need(self) -> Need:
        return self.object


def _filters(request):
    form = RankingFilterForm(request.GET or None)
    strict, page = True, 1
    if form.is_valid():
        strict = not form.cleaned_data["alle"]
        page = form.cleaned_data["side"] or 1
    return form, strict, page


class NeedRankingView(NeedMixin, TemplateView):
    """The full ranking of anonymised profiles for a need, with filters and paging."""

    object_rule = "matching.rank_for_need"
    template_name = "matching/need_ranking.html"

    def load_object(self) -> Need | None:
        return selectors.need_for_ranking(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        form, strict, page = _filters(self.request)
        suggestions = selectors.need_suggestions(
            user=self.request.user,
            need=self.need,
            top=PAGE_SIZE,
            strict=strict,
            offset=(page - 1) * PAGE_SIZE,
        )
        return super().get_context_data(
            need=self.need,
            form=form,
            # The filter form's HTML is cached by its data (templates/matching/need_ranking.html).
            filter_cache_key=filter_cache_key(form),
            suggestions=suggestions,
            page=page,
            has_next=len(suggestions) == PAGE_SIZE and page < MAX_PAGES,
            strict=strict,
            can_propose=self.need.status == "apen",
            **kwargs,
        )


class CandidateSuggestionsView(ObjectRuleMixin, TemplateView):
    """«Forslag»: open needs that fit one of the counsellor's candidates."""

    template_name = "matching/candidate_suggestions.html"
    object_rule = "matching.rank_for_candidate"
    context_object_name = "candidate"

    def load_object(self):
        return candidate_selectors.candidate_get(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        candidate = self.object
        form, strict, page = _filters(self.request)
        suggestions = selectors.candidate_suggestions(
            user=self.request.user,
            candidate=candidate,
            top=PAGE_SIZE,
            strict=strict,
            offset=(page - 1) * PAGE_SIZE,
        )
        return super().get_context_data(
            candidate=candidate,
            form=form,
            suggestions=suggestions,
            page=page,
            has_next=len(suggestions) == PAGE_SIZE and page < MAX_PAGES,
            strict=strict,
            **kwargs,
        )


class CandidateListView(NeedMixin, TemplateView):
    template_name = "matching/candidate_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        rows = selectors.list_rows(user=user, need=self.need)
        manage = can(user, "matching.manage_list", self.need)
        candidate_list = selectors.candidate_list_of(self.need)
        own = selectors.own_candidates_for_proposal(user=user, need=self.need)
        return super().get_context_data(
            need=self.need,
            rows=[
                (r, EntryStatusForm(initial={"status": r.entry.status, "outcome": r.entry.outcome}))
                for r in rows
            ],
            balance=selectors.list_balance(need=self.need, rows=rows),
            can_manage=manage,
            propose_form=ProposeForm(candidates=own) if self.need.status == "apen" and own else None,
            share_form=ShareForm() if manage and rows else None,
            links=list(selectors.list_share_links(candidate_list)) if manage and candidate_list else [],
            now=timezone.now(),
            **kwargs,
        )


class ProposeView(NeedMixin, View):
    """A counsellor puts one of their candidates on the need's list."""

    def post(self, request, pk):
        candidate = candidate_selectors.candidate_get(
            user=request.user, pk=request.POST.get("candidate") or 0
        )
        if candidate is None or not can(request.user, "matching.propose", candidate):
            messages.error(request, _("Du kan bare foreslå kandidater fra ditt eget kontor."))
            return redirect("matching:list", pk=self.need.pk)
        try:
            services.entry_propose(need=self.need, candidate=candidate, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("matching:list", pk=self.need.pk)
        messages.success(
            request,
            _("%(code)s er foreslått til %(need)s.")
            % {"code": candidate.profile.code, "need": self.need.title},
        )
        if not services.has_consent_for(candidate=candidate, need=self.need):
            messages.warning(
                request,
                _(
                    "%(code)s har ikke samtykke til at navn og CV deles med %(employer)s. Arbeidsgiveren ser "
                    "bare den anonyme profilen til du registrerer samtykke."
                )
                % {"code": candidate.profile.code, "employer": self.need.employer.name},
            )
            return redirect(
                reverse("candidates:consent_create", args=[candidate.pk]) + f"?behov={self.need.pk}"
            )
        return redirect("matching:list", pk=self.need.pk)


class EntryStatusView(View):
    def post(self, request, pk):
        entry = get_object_or_404(
            ListEntry.objects.select_related("candidate_list__need", "candidate"), pk=pk
        )
        require(request.user, "matching.change_entry", entry)
        form = EntryStatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Velg en gyldig status og et gyldig utfall."))
        else:
            services.entry_set_status(entry=entry, status=form.cleaned_data["status"], by=request.user)
            services.entry_set_outcome(entry=entry, outcome=form.cleaned_data["outcome"], by=request.user)
            messages.success(request, _("Endringen er lagret."))
        return redirect("matching:list", pk=entry.candidate_list.need_id)


class ShareCreateView(NeedMixin, View):
    object_rule = "matching.manage_list"

    def post(self, request, pk):
        candidate_list = selectors.candidate_list_of(self.need)
        form = ShareForm(request.POST)
        if candidate_list is None or not form.is_valid():
            messages.error(
                request, _("Skriv hvem listen deles med, og hvor mange dager lenken skal gjelde (1–90).")
            )
            return redirect("matching:list", pk=self.need.pk)
        try:
            link, token = services.list_share(
                candidate_list=candidate_list, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            messages.error(request, " ".join(exc.messages))
            return redirect("matching:list", pk=self.need.pk)
        url = request.build_absolute_uri(reverse("matching:shared_list", args=[token]))
        # The token exists only in this response: it is shown once and stored as a hash.
        return render(request, "matching/share_created.html", {"need": self.need, "link": link, "url": url})


class ShareRevokeView(View):
    def post(self, request, pk):
        link = get_object_or_404(ShareLink, pk=pk, scope=selectors.LIST_SCOPE)
        candidate_list = get_object_or_404(CandidateList.objects.select_related("need"), pk=link.object_id)
        require(request.user, "matching.manage_list", candidate_list.need)
        share_link_revoke(link=link, by=request.user)
        messages.success(request, _("Lenken er trukket tilbake."))
        return redirect("matching:list", pk=candidate_list.need_id)


def _client(request) -> str:
    return client_key(request.META.get("REMOTE_ADDR", ""))


@method_decorator(login_not_required, name="dispatch")
class SharedListView(View):
    """The employer's page (no login): the shared candidate list, and their answers."""

    template_name = "matching/shared_list.html"

    def _resolve(self, request, token):
        try:
            link = share_link_resolve(token=token, scope=selectors.LIST_SCOPE, client=_client(request))
        except ShareLinkRefused as exc:
            status = 429 if exc.outcome == ShareLinkAccess.Outcome.RATE_LIMITED else 404
            return (
                None,
                None,
                render(request, "matching/shared_refused.html", {"message": exc.message}, status=status),
            )
        candidate_list = CandidateList.objects.select_related(
            "need", "need__employer", "need__municipality"
        ).get(pk=link.object_id)
        return link, candidate_list, None

    def _page(self, request, link, candidate_list, forms=None, status=200):
        rows = selectors.shared_rows(link=link, candidate_list=candidate_list)
        forms = forms or {}
        items = [
            (
                r,
                forms.get(
                    r.entry.pk,
                    EmployerResponseForm(
                        prefix=f"e{r.entry.pk}",
                        initial={
                            "response": r.entry.employer_response,
                            "reason": r.entry.employer_reason,
                            "comment": r.entry.employer_comment,
                        },
                    ),
                ),
            )
            for r in rows
        ]
        return render(
            request,
            self.template_name,
            {"link": link, "need": candidate_list.need, "items": items},
            status=status,
        )

    def get(self, request, token):
        link, candidate_list, refused = self._resolve(request, token)
        return refused or self._page(request, link, candidate_list)

    def post(self, request, token):
        link, candidate_list, refused = self._resolve(request, token)
        if refused:
            return refused
        entry = candidate_list.entries.filter(pk=request.POST.get("entry") or 0).first()
        if entry is None:
            messages.error(request, _("Fant ikke kandidaten på listen."))
            return redirect(request.path)
        form = EmployerResponseForm(request.POST, prefix=f"e{entry.pk}")
        if form.is_valid():
            try:
                services.entry_employer_respond(entry=entry, link=link, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                share_link_log(
                    link=link,
                    client=_client(request),
                    outcome=ShareLinkAccess.Outcome.ACTION,
                    detail=f"entry {entry.pk}",
                )
                messages.success(request, _("Takk! Svaret er sendt til NAV."))
                return redirect(request.path)
        return self._page(request, link, candidate_list, forms={entry.pk: form}, status=400)


# --- The board (tavle) --------------------------------------------------------------------------------


class BoardView(RuleRequiredMixin, TemplateView):
    """The weekly board: open cases by age, unassigned first, and who solved how many."""

    rule = "matching.board_view"
    template_name = "matching/board.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = BoardFilterForm(self.request.GET or None)
        status = (form.cleaned_data["status"] if form.is_valid() else "") or "apne"
        return super().get_context_data(
            form=form,
            # The filter form's HTML is cached by its data (templates/matching/board.html).
            filter_cache_key=filter_cache_key(form),
            rows=selectors.board_rows(user=user, status=status),
            figures=selectors.board_figures(user=user),
            can_register=can(user, "matching.board_register"),
            escalate_days=settings.BOARD_ESCALATE_AFTER_DAYS,
            **kwargs,
        )


class BoardCaseCreateView(RuleRequiredMixin, FormView):
    """A counsellor registers a case for one of the office's candidates (?kandidat= preselects)."""

    rule = "matching.board_register"
    template_name = "matching/board_case_form.html"
    form_class = BoardCaseForm

    def get_form_kwargs(self):
        candidates = (
            visible(self.request.user, Candidate.objects.all())
            .filter(follow_up_status__in=["aktiv", "pause"])
            .select_related("profile")
            .order_by("last_name", "first_name", "pk")
        )
        return {**super().get_form_kwargs(), "candidates": candidates}

    def get_initial(self):
        return {"candidate": self.request.GET.get("kandidat") or None}

    def get_context_data(self, **kwargs):
        return super().get_context_data(escalate_days=settings.BOARD_ESCALATE_AFTER_DAYS, **kwargs)

    def form_valid(self, form):
        candidate = form.cleaned_data["candidate"]
        require(self.request.user, "matching.board_register", candidate)
        try:
            case = services.board_case_register(
                candidate=candidate,
                employer_wanted=form.cleaned_data["employer_wanted"],
                escalate=form.cleaned_data["escalate"],
                by=self.request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saken er registrert på tavlen."))
        return redirect("matching:board_case", pk=case.pk)


class BoardCaseMixin(ObjectRuleMixin):
    object_rule = "matching.board_case_view"
    context_object_name = "case"

    def load_object(self):
        return selectors.board_case_get(user=self.request.user, pk=self.kwargs["pk"])

    @property
    def case(self):
        return self.object


class BoardCaseDetailView(BoardCaseMixin, TemplateView):
    template_name = "matching/board_case.html"

    def get_context_data(self, **kwargs):
        user, case = self.request.user, self.case
        proposals = selectors.board_case_proposals(case)
        propose_form = close_form = None
        if can(user, "matching.board_propose", case):
            employers, needs = selectors.board_employer_choices(user=user, case=case)
            propose_form = kwargs.pop("propose_form", None) or BoardProposalForm(
                employers=employers, needs=needs
            )
        if can(user, "matching.board_close", case):
            close_form = kwargs.pop("close_form", None) or BoardCloseForm(
                proposals=case.proposals.select_related("employer", "need", "proposed_by")
            )
        return super().get_context_data(
            profile=selectors.board_case_profile(case),
            own=case.office_id in office_ids(user),
            proposals=proposals,
            events=selectors.board_case_events(case),
            can_escalate=can(user, "matching.board_escalate", case),
            can_take=can(user, "matching.board_propose", case) and case.assigned_to_id != user.pk,
            can_return=can(user, "matching.board_close", case) and case.status == BoardCase.Status.PROPOSED,
            propose_form=propose_form,
            close_form=close_form,
            **kwargs,
        )


class BoardEscalateView(BoardCaseMixin, View):
    object_rule = "matching.board_escalate"

    def post(self, request, pk):
        services.board_case_escalate(case=self.case, by=request.user)
        messages.success(request, _("Saken er sendt til Arbeidslivssenterets tavle."))
        return redirect("matching:board_case", pk=pk)


class BoardTakeView(BoardCaseMixin, View):
    object_rule = "matching.board_propose"

    def post(self, request, pk):
        services.board_case_assign(case=self.case, adviser=request.user, by=request.user)
        messages.success(request, _("Du er ansvarlig for saken."))
        return redirect("matching:board_case", pk=pk)


class BoardProposeView(BoardCaseMixin, View):
    object_rule = "matching.board_propose"

    def post(self, request, pk):
        employers, needs = selectors.board_employer_choices(user=request.user, case=self.case)
        form = BoardProposalForm(request.POST, employers=employers, needs=needs)
        if form.is_valid():
            try:
                services.board_proposal_create(case=self.case, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Forslaget er lagt til saken."))
                return redirect("matching:board_case", pk=pk)
        view = BoardCaseDetailView(request=request, kwargs=self.kwargs)
        return view.render_to_response(view.get_context_data(propose_form=form), status=400)


class BoardCloseView(BoardCaseMixin, View):
    """Solved (crediting the proposal that led there) or closed; or back on the board."""

    object_rule = "matching.board_close"

    def post(self, request, pk):
        case = self.case
        if request.POST.get("tilbake"):
            try:
                services.board_case_return(case=case, by=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Saken er tilbake på tavlen."))
            return redirect("matching:board_case", pk=pk)
        form = BoardCloseForm(
            request.POST, proposals=case.proposals.select_related("employer", "need", "proposed_by")
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["outcome"] == BoardCloseForm.SOLVED:
                    services.board_case_solve(
                        case=case, by=request.user, proposal=data.get("proposal"), note=data["note"]
                    )
                else:
                    services.board_case_close(case=case, by=request.user, note=data["note"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saken er avsluttet."))
                return redirect("matching:board_case", pk=pk)
        view = BoardCaseDetailView(request=request, kwargs=self.kwargs)
        return view.render_to_response(view.get_context_data(close_form=form), status=400)
