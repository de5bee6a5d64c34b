"""Demo data for job fairs (order 60): upcoming Ta sjansen fairs in Hedmarken with employers and
bookings, a JobbLoop kick-off, a Minijobbmesse, and past events with feedback."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone

from core.demo import DemoContext, seeder


def _time(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


@seeder(name="Jobbmesser", order=60)
def seed_jobfairs(ctx: DemoContext) -> None:
    from accounts.models import Membership, NavUnit, Role
    from candidates.models import Candidate
    from core.models import County
    from employers.models import Employer

    from . import services
    from .models import Booking, Event

    if Event.objects.exists():
        return
    innlandet = County.objects.filter(code="34").first()
    organiser = (
        Membership.objects.filter(role=Role.MARKEDSKOORDINATOR, unit__county=innlandet)
        .select_related("user")
        .first()
    )
    offices = list(NavUnit.objects.filter(kind=NavUnit.Kind.OFFICE, county=innlandet).order_by("name")[:4])
    employers = list(
        Employer.objects.filter(county=innlandet)
        .annotate(open_needs=Count("needs", filter=Q(needs__status="apen")))
        .order_by("-open_needs", "pk")[:12]
    )
    if innlandet is None or organiser is None or not offices or len(employers) < 4:
        ctx.say("  jobbmesser: mangler fylke, markedskoordinator, kontor eller arbeidsgivere – hopper over")
        return
    by = organiser.user
    today = timezone.localdate()

    def event(title, fmt, days, venue, starts, ends, minutes, employer_count, **extra):
        date = today + datetime.timedelta(days=days)
        data = {
            "title": title,
            "format": fmt,
            "county": innlandet,
            "date": date,
            "venue": venue,
            "staff_briefing_at": _time("14:30"),
            "employers_arrive_at": _time("15:00"),
            "starts_at": _time(starts),
            "ends_at": _time(ends),
            "slot_minutes": minutes,
            "booking_deadline": date - datetime.timedelta(days=7),
            "eligibility": "Unge under 30 år med nedsatt arbeidsevne, i oppfølging ved et deltakende kontor.",
            "facilitation": ["trinnfritt", "stille_rom", "ledsager"],
            "offices": offices,
            **extra,
        }
        ev = services.event_create(by=by, data=data)
        for index in range(employer_count):
            employer = employers[(days + index) % len(employers)]
            need = employer.needs.filter(status="apen").order_by("pk").first()
            services.event_employer_add(
                event=ev,
                by=by,
                data={
                    "employer": employer,
                    "unit": ["Lager", "Kantine", "Butikk", "Renhold"][index % 4],
                    "need": need,
                    "tasks": need.tasks if need else "Varemottak, plukk og pakking; kundeservice i butikk.",
                    "offer_types": ["arbeidstrening"],
                    "slot_count": 4 if fmt == "intervju" else 2,
                    "room": f"Rom {101 + index}",
                    "minimum_age": 18 if index % 3 == 0 else None,
                },
            )
        return services.event_publish(event=ev, by=by)

    counsellors = {
        m.unit_id: m.user
        for m in Membership.objects.filter(role=Role.VEILEDER, unit__in=offices).select_related("user")
    }
    pool = list(
        Candidate.objects.filter(office__in=offices, erased_at__isnull=True, follow_up_status="aktiv")
        .select_related("profile")
        .order_by("pk")[:60]
    )

    def book(ev, count, when=None):
        made = 0
        for candidate in pool:
            if made >= count:
                break
            user = counsellors.get(candidate.office_id)
            if user is None:
                continue
            for slot in ev.slots.order_by("starts_at", "pk"):
                try:
                    services.booking_create(slot=slot, candidate=candidate, by=user, today=when)
                except ValidationError:  # a demo skips what the rules refuse (age, full, overlap)
                    continue
                made += 1
                break

    fairs = []
    for n, days in enumerate((21, 75, 140)):
        fairs.append(
            event(f"Ta sjansen Hamar {n + 1}", "intervju", days, "Hamar kulturhus", "15:30", "17:30", 30, 6)
        )
    book(fairs[0], 14)
    book(fairs[1], 5)
    event(
        "JobbLoop oppstart Kongsvinger",
        "gruppe",
        30,
        "NAV Kongsvinger, møterom Glåmdal",
        "09:00",
        "12:00",
        60,
        3,
    )
    event("Minijobbmesse Elverum", "dropin", 45, "Elverum ungdomsskole", "12:00", "15:00", 20, 5)
    past = event("Ta sjansen Hamar (vår)", "intervju", -60, "Hamar kulturhus", "15:30", "17:30", 30, 5)
    book(past, 10, when=past.booking_deadline)
    services.event_hold(event=past, by=by)
    for booking in past.bookings.all()[:6]:
        services.booking_mark(booking=booking, to="mott", by=by)
    services.event_close(event=past, by=by)
    if ctx.large:
        # A history: Ta sjansen five times a year for three years (dates set each November).
        for year_back in (1, 2, 3):
            for n, month_day in enumerate((40, 110, 200, 260, 330)):
                days = -365 * year_back + month_day
                held = event(
                    f"Ta sjansen Hamar {n + 1}", "intervju", days, "Hamar kulturhus", "15:30", "17:30", 30, 6
                )
                book(held, 16, when=held.booking_deadline)
                services.event_hold(event=held, by=by)
                services.event_close(event=held, by=by)
    ctx.say(f"  {Event.objects.count()} arrangementer, {Booking.objects.count()} bookinger")
