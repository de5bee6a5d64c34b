"""Thin views for job fairs: read through selectors, write through services, ask accounts.access."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.access import can, office_ids, visible
from accounts.mixins import ObjectRuleMixin, RuleRequiredMixin
from candidates.models import AccessLogEntry, Candidate
from candidates.services import access_log_record
from core.forms import add_service_errors
from core.models import ShareLinkAccess
from core.sharing import ShareLinkRefused, client_key, share_link_resolve, share_links_for

from . import forms, selectors, services
from .models import Booking, Event, Format

TRANSITIONS = {
    "publiser": (services.event_publish, "publisert", _("Publiser og åpne booking")),
    "holdt": (services.event_hold, "holdt", _("Marker som holdt")),
    "avslutt": (services.event_close, "avsluttet", _("Avslutt")),
    "avlys": (services.event_cancel, "avlyst", _("Avlys og varsle alle som er booket")),
    "tilbake": (services.event_unpublish, "utkast", _("Tilbake til utkast")),
}


class EventListView(RuleRequiredMixin, TemplateView):
    """The yearly calendar."""

    rule = "jobfairs.view"
    template_name = "jobfairs/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raw = self.request.GET.get("ar", "")
        year = int(raw) if raw.isdigit() and 2000 < int(raw) < 2100 else timezone.localdate().year
        events = list(selectors.event_list(user=self.request.user, year=year))
        context.update(
            year=year,
            months=selectors.event_months(events),
            shown=selectors.calendar_shown(events),
            count=len(events),
            can_create=can(self.request.user, "jobfairs.create"),
        )
        return context


class EventFormMixin:
    template_name = "jobfairs/form.html"
    form_class = forms.EventForm

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            event = self.save(data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Arrangementet er lagret."))
        return redirect("jobfairs:detail", pk=event.pk)


class EventCreateView(RuleRequiredMixin, EventFormMixin, FormView):
    rule = "jobfairs.create"

    def get_initial(self):
        return {"slot_minutes": 30, "starts_at": "15:30", "ends_at": "17:30", "staff_briefing_at": "14:30",
                "employers_arrive_at": "15:00"}  # fmt: skip

    def save(self, data):
        if not data.get("owners"):
            data["owners"] = [self.request.user]
        return services.event_create(by=self.request.user, data=data)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "title": _("Nytt arrangement"),
            "cancel_url": reverse("jobfairs:list"),
        }


class EventMixin(ObjectRuleMixin):
    object_rule = "jobfairs.view"
    context_object_name = "event"

    full_event = True  # with project, owners and offices (selectors.event_get)

    def load_object(self):
        return selectors.event_get(user=self.request.user, pk=self.kwargs["pk"], full=self.full_event)

    @property
    def event(self) -> Event:
        return self.object


class EventUpdateView(EventMixin, EventFormMixin, FormView):
    object_rule = "jobfairs.change"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Event.objects.get(pk=self.event.pk)}

    def save(self, data):
        services.event_update(event=self.event, by=self.request.user, data=data)
        return self.event

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "title": _("Endre arrangement"),
            "cancel_url": reverse("jobfairs:detail", args=[self.event.pk]),
        }


class EventDetailView(EventMixin, TemplateView):
    template_name = "jobfairs/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event, user = self.event, self.request.user
        slots = selectors.event_slots(event)  # counted by both the rows and the facts
        rows = selectors.employer_rows(event, slots=slots)
        slot_total = sum(len(r.slots) for r in rows)
        can_change = can(user, "jobfairs.change", event)
        context.update(
            rows=rows,
            rows_shown=selectors.employer_rows_shown(rows),
            slot_total=slot_total,
            free_total=sum(r.free for r in rows),
            run_sheet=selectors.run_sheet(event),
            facts=selectors.event_facts(event, slots=slots),
            can_change=can_change,
            can_book=can(user, "jobfairs.book", event),
            is_counsellor=bool(office_ids(user)),
            fill=selectors.fill_rates(event, slot_total=slot_total)
            if can(user, "jobfairs.fill_rate", event)
            else None,
            transitions=[
                (key, label)
                for key, (_fn, target, label) in TRANSITIONS.items()
                if can_change and target in services.EVENT_MACHINE.allowed(event.status)
            ],
            history=selectors.event_history(event) if can_change else None,
        )
        return context


class EventCopyView(EventMixin, FormView):
    object_rule = "jobfairs.change"
    template_name = "jobfairs/form.html"
    form_class = forms.CopyForm

    def form_valid(self, form):
        try:
            copy = services.event_copy(event=self.event, by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Arrangementet er kopiert til ny dato som utkast."))
        return redirect("jobfairs:detail", pk=copy.pk)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "title": _("Kopier til ny dato"),
            "cancel_url": reverse("jobfairs:detail", args=[self.event.pk]),
        }


class EventTransitionView(EventMixin, TemplateView):
    object_rule = "jobfairs.change"
    template_name = "jobfairs/transition.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["to"] not in TRANSITIONS:
            from django.http import Http404

            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["label"] = TRANSITIONS[self.kwargs["to"]][2]
        context["cancelling"] = self.kwargs["to"] == "avlys"
        return context

    def post(self, request, pk, to):
        function = TRANSITIONS[to][0]
        kwargs = {"note": request.POST.get("note", "")[:500]} if to == "avlys" else {}
        try:
            function(event=self.event, by=request.user, **kwargs)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Status er endret."))
        return redirect("jobfairs:detail", pk=pk)


class EmployerAddView(EventMixin, FormView):
    object_rule = "jobfairs.change"
    template_name = "jobfairs/form.html"
    form_class = forms.EventEmployerForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def form_valid(self, form):
        try:
            services.event_employer_add(event=self.event, by=self.request.user, data=dict(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Arbeidsgiveren er lagt til, og intervjutidene er laget."))
        return redirect("jobfairs:detail", pk=self.event.pk)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "title": _("Legg til arbeidsgiver"),
            "cancel_url": reverse("jobfairs:detail", args=[self.event.pk]),
        }


def _own_candidate(user, raw) -> Candidate | None:
    """The candidate a form names, if the user may see them (own office), else None."""
    if not str(raw or "").isdigit():
        return None
    return visible(user, Candidate.objects.filter(pk=int(raw))).select_related("profile").first()


class BookView(EventMixin, TemplateView):
    """The counsellor's booking page: pick an own candidate, see the event's employers ranked for
    them with matching's explanation, book a free slot or join a waiting list."""

    object_rule = "jobfairs.book"
    template_name = "jobfairs/book.html"

    def _candidate(self, raw) -> Candidate | None:
        return _own_candidate(self.request.user, raw)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        candidate = self._candidate(self.request.GET.get("kandidat"))
        context["candidates"] = selectors.own_candidates(user=self.request.user)
        context["candidate"] = candidate
        if candidate is not None:
            context["rows"] = selectors.ranked_employers(event=self.event, candidate=candidate)
            context["gaps"] = services.facilitation_gaps(event=self.event, candidate=candidate)
            access_log_record(
                user=self.request.user, candidates=[candidate.pk], page=AccessLogEntry.Page.LIST
            )
        context["mine"] = selectors.my_bookings(user=self.request.user, event=self.event)
        context["offers"] = selectors.my_offers(user=self.request.user, event=self.event)
        return context

    def post(self, request, pk):
        candidate = self._candidate(request.POST.get("candidate"))
        if candidate is None:
            messages.error(request, _("Velg en av dine egne kandidater."))
            return redirect("jobfairs:book", pk=pk)
        back = f"{reverse('jobfairs:book', args=[pk])}?kandidat={candidate.pk}"
        try:
            if request.POST.get("action") == "venteliste":
                entry = self.event.employers.get(pk=int(request.POST.get("employer") or 0))
                services.waiting_join(event_employer=entry, candidate=candidate, by=request.user)
                messages.success(request, _("Kandidaten står på ventelisten."))
            else:
                slot = self.event.slots.get(pk=int(request.POST.get("slot") or 0))
                booking = services.booking_create(
                    slot=slot,
                    candidate=candidate,
                    by=request.user,
                    details={"accompany": bool(request.POST.get("accompany"))},
                )
                messages.success(
                    request, _("Booket. Deltakernummer %(n)s.") % {"n": booking.participant.number}
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except (ValueError, self.event.slots.model.DoesNotExist, self.event.employers.model.DoesNotExist):
            messages.error(request, _("Fant ikke tidspunktet. Last siden på nytt."))
        return redirect(back)


class BookingMixin(ObjectRuleMixin):
    object_rule = "jobfairs.change_booking"
    context_object_name = "booking"

    def load_object(self):
        return selectors.booking_get(user=self.request.user, pk=self.kwargs["pk"])


class BookingView(BookingMixin, FormView):
    template_name = "jobfairs/booking.html"
    form_class = forms.BookingForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.object,
            "office_ids": office_ids(self.request.user),
        }

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in services.BOOKING_DETAIL_FIELDS}
        self.object.refresh_from_db()
        services.booking_update(booking=self.object, by=self.request.user, data=data)
        messages.success(self.request, _("Bookingen er lagret."))
        return redirect("jobfairs:booking", pk=self.object.pk)


class BookingCancelView(BookingMixin, TemplateView):
    template_name = "jobfairs/booking_cancel.html"

    def post(self, request, pk):
        try:
            services.booking_cancel(
                booking=self.object, by=request.user, note=request.POST.get("note", "")[:500]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("jobfairs:booking", pk=pk)
        messages.success(request, _("Bookingen er avbestilt. Første på ventelisten får tilbud om plassen."))
        return redirect("jobfairs:book", pk=self.object.event_id)


class OfferView(ObjectRuleMixin, TemplateView):
    """A waiting-list offer: accept or decline with one click."""

    object_rule = "jobfairs.change_booking"
    context_object_name = "entry"
    template_name = "jobfairs/offer.html"

    def load_object(self):
        return selectors.waiting_get(user=self.request.user, pk=self.kwargs["pk"])

    def post(self, request, pk):
        entry = self.object
        try:
            if request.POST.get("answer") == "ja":
                booking = services.waiting_accept(entry=entry, by=request.user)
                messages.success(
                    request, _("Booket. Deltakernummer %(n)s.") % {"n": booking.participant.number}
                )
                return redirect("jobfairs:booking", pk=booking.pk)
            services.waiting_decline(entry=entry, by=request.user)
            messages.success(request, _("Du takket nei. Plassen går til neste på ventelisten."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("jobfairs:book", pk=entry.event_employer.event_id)


class EventEmployerMixin(ObjectRuleMixin):
    object_rule = "jobfairs.change_employer"
    context_object_name = "entry"

    def load_object(self):
        entry = selectors.event_employer_get(user=self.request.user, pk=self.kwargs["row"])
        return entry if entry is not None and entry.event_id == self.kwargs["pk"] else None


class PrintEmployerView(EventEmployerMixin, TemplateView):
    template_name = "jobfairs/print_employer.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = self.object.event
        context["rows"] = selectors.employer_sheet(entry=self.object, by=self.request.user)
        return context


class PrintCounsellorView(EventMixin, TemplateView):
    object_rule = "jobfairs.print_counsellor"
    template_name = "jobfairs/print_counsellor.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        bookings = list(
            selectors.my_bookings(user=self.request.user, event=self.event).select_related(
                "counsellor", "backup_counsellor"
            )
        )
        access_log_record(
            user=self.request.user,
            candidates=[b.candidate_id for b in bookings],
            page=AccessLogEntry.Page.LIST,
        )
        context["bookings"] = bookings
        context["run_sheet"] = selectors.run_sheet(self.event)
        return context


class RunSheetView(EventMixin, TemplateView):
    template_name = "jobfairs/print_run_sheet.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["run_sheet"] = selectors.run_sheet(self.event)
        context["rows"] = selectors.employer_rows(self.event)
        return context


class FeedbackLinkView(EventEmployerMixin, FormView):
    template_name = "jobfairs/feedback_link.html"
    form_class = forms.FeedbackLinkForm

    def get_initial(self):
        return {"recipient_name": self.object.employer.name, "days": 14}

    def form_valid(self, form):
        link, token = services.feedback_link_create(
            event_employer=self.object, by=self.request.user, **form.cleaned_data
        )
        url = self.request.build_absolute_uri(reverse("jobfairs:shared_feedback", args=[token]))
        return self.render_to_response(self.get_context_data(form=form, new_url=url, new_link=link))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = self.object.event
        context["links"] = share_links_for(self.object, scope=services.FEEDBACK_SCOPE)
        return context


@method_decorator(login_not_required, name="dispatch")
class SharedFeedbackView(View):
    """The employer's page (no login): their interviews by participant number (names only with an
    open consent) and a feedback form per interview."""

    template_name = "jobfairs/shared_feedback.html"

    def _resolve(self, request, token):
        try:
            link = share_link_resolve(
                token=token,
                scope=services.FEEDBACK_SCOPE,
                client=client_key(request.META.get("REMOTE_ADDR", "")),
            )
        except ShareLinkRefused as exc:
            status = 429 if exc.outcome == ShareLinkAccess.Outcome.RATE_LIMITED else 404
            return (
                None,
                None,
                render(request, "matching/shared_refused.html", {"message": exc.message}, status=status),
            )
        entry = selectors.EventEmployer.objects.select_related("event", "employer", "need").get(
            pk=link.object_id
        )
        return link, entry, None

    def _page(self, request, link, entry, bound=None, status=200):
        rows = selectors.employer_sheet(entry=entry, by=link.created_by)
        items = [
            (
                row,
                bound
                if bound is not None and bound.instance.pk == row["booking"].pk
                else forms.FeedbackForm(instance=row["booking"], prefix=f"b{row['booking'].pk}"),
            )
            for row in rows
        ]
        return render(
            request,
            self.template_name,
            {"link": link, "entry": entry, "event": entry.event, "items": items},
            status=status,
        )

    def get(self, request, token):
        link, entry, refused = self._resolve(request, token)
        return refused or self._page(request, link, entry)

    def post(self, request, token):
        link, entry, refused = self._resolve(request, token)
        if refused:
            return refused
        booking = Booking.objects.filter(
            pk=request.POST.get("booking") or 0, slot__event_employer=entry
        ).first()
        if booking is None:
            messages.error(request, _("Fant ikke intervjuet."))
            return redirect(request.path)
        form = forms.FeedbackForm(request.POST, instance=booking, prefix=f"b{booking.pk}")
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in services.FEEDBACK_FIELDS}
            try:
                services.booking_feedback(booking=booking, link=link, data=data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Takk! Tilbakemeldingen er sendt til NAV."))
                return redirect(request.path)
        return self._page(request, link, entry, bound=form, status=400)


class FormatMixin(EventMixin):
    """Pages that exist only for one format (the organiser's tools for that format)."""

    event_format = ""
    full_event = False  # none is shown; organises() reads the owners only if the county does not decide

    def load_object(self):
        event = super().load_object()
        return event if event is not None and event.format == self.event_format else None

    def _post_int(self, name) -> int:
        raw = self.request.POST.get(name, "")
        return int(raw) if raw.isdigit() else 0


class RotationView(FormatMixin, TemplateView):
    """The organiser's rotation plan (rounds × rooms with participant numbers and times, and each
    lane's walk); a counsellor books own candidates into a free lane here and sees their walks."""

    event_format = Format.SPEED
    template_name = "jobfairs/rotation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, event = self.request.user, self.event
        can_book = can(user, "jobfairs.book", event)
        plan, walks = selectors.speed_rotation(event, walks_for=user)
        context.update(
            plan=plan,
            can_book=can_book,
            candidates=selectors.own_candidates(user=user) if can_book else [],
            walks=walks,
        )
        if context["walks"]:
            access_log_record(
                user=user,
                candidates=[w["candidate_id"] for w in context["walks"]],
                page=AccessLogEntry.Page.LIST,
            )
        return context

    def post(self, request, pk):
        if not can(request.user, "jobfairs.book", self.event):
            raise PermissionDenied
        back = reverse("jobfairs:rotation", args=[pk])
        candidate = _own_candidate(request.user, request.POST.get("candidate"))
        if candidate is None:
            messages.error(request, _("Velg en av dine egne kandidater."))
            return redirect(back)
        raw_lane = request.POST.get("lane", "")
        lane = int(raw_lane) - 1 if raw_lane.isdigit() else None
        try:
            bookings = services.speed_rotation_book(
                event=self.event, candidates=[candidate], by=request.user, lane=lane
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Booket i rotasjonen: %(n)s intervjuer, deltakernummer %(number)s.")
                % {"n": len(bookings), "number": bookings[0].participant.number if bookings else "–"},
            )
        return redirect(back)


class RotationPrintView(FormatMixin, TemplateView):
    """The rotation plan on paper for the organiser, the rooms and the door: numbers, no names."""

    event_format = Format.SPEED
    template_name = "jobfairs/print_rotation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["plan"], _walks = selectors.speed_rotation(self.event)  # no offices: numbers only
        context["run_sheet"] = selectors.run_sheet(self.event)
        return context


class GroupsView(FormatMixin, TemplateView):
    """JobbLoop kick-off: form groups of 3–4 from those booked, record the employers' joint choice
    the same day (who, by which employers, when, by whom, with history), and turn a chosen
    candidate into a draft placement. Participant numbers only."""

    object_rule = "jobfairs.change"
    event_format = Format.GROUP
    template_name = "jobfairs/groups.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.group_page(self.event))
        return context

    def post(self, request, pk):
        event, by, action = self.event, request.user, request.POST.get("action")
        try:
            if action == "grupper":
                groups = services.groups_form(event=event, by=by)
                messages.success(request, _("%(n)s grupper er satt sammen.") % {"n": len(groups)})
            elif action == "velg":
                participant = event.participants.get(pk=self._post_int("participant"))
                employers = list(event.employers.filter(pk__in=request.POST.getlist("employers")))
                services.selection_record(
                    event=event,
                    participant=participant,
                    employers=employers,
                    by=by,
                    note=request.POST.get("note", "")[:500],
                )
                messages.success(
                    request, _("Deltaker %(n)s er registrert som valgt.") % {"n": participant.number}
                )
            elif action == "trekk":
                selection = event.selections.get(pk=self._post_int("selection"))
                services.selection_withdraw(
                    selection=selection, by=by, note=request.POST.get("note", "")[:500]
                )
                messages.success(request, _("Valget er trukket tilbake."))
            elif action == "tiltak":
                selection = event.selections.get(pk=self._post_int("selection"))
                employer = event.employers.get(pk=self._post_int("employer"))
                services.selection_to_placement(selection=selection, employer=employer, by=by)
                messages.success(request, _("Utkast til tiltak er laget."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except ObjectDoesNotExist:
            messages.error(request, _("Fant ikke det du valgte. Last siden på nytt."))
        return redirect("jobfairs:groups", pk=pk)


class DropInView(FormatMixin, TemplateView):
    """Minijobbmesse: who dropped in on which employer's room and who handed over a CV, by
    participant number (the follow-up the report says was missing, L5572–5574)."""

    object_rule = "jobfairs.change"
    event_format = Format.DROP_IN
    template_name = "jobfairs/dropin.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.dropin_page(self.event))
        return context

    def post(self, request, pk):
        event = self.event
        try:
            participant = event.participants.get(pk=self._post_int("participant"))
            entry = event.employers.get(pk=self._post_int("employer"))
            services.dropin_visit_record(
                event_employer=entry,
                participant=participant,
                cv_handed_over=bool(request.POST.get("cv")),
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except ObjectDoesNotExist:
            messages.error(request, _("Velg deltaker og arbeidsgiver."))
        else:
            messages.success(request, _("Besøket er registrert."))
        return redirect("jobfairs:dropin", pk=pk)
