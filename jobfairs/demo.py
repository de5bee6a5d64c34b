"""Demo data for job fairs (order 60): upcoming Ta sjansen fairs in Hedmarken with employers and
bookings, a JobbLoop kick-off, a Minijobbmesse, and past events with feedback."""

import datetime
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone

from core.demo import DemoContext, seeder


def _time(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


def _kit(ctx: DemoContext) -> SimpleNamespace | None:
    """What both job-fair seeders need: the organiser, offices, employers, counsellors and a pool
    of candidates, and helpers that make a published event and book candidates into it."""
    from accounts.models import Membership, NavUnit, Role
    from candidates.models import Candidate
    from core.models import County
    from employers.models import Employer

    from . import services

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
        return None
    by = organiser.user
    today = timezone.localdate()

    def event(title, fmt, days, venue, starts, ends, minutes, employer_count, slot_count=None, **extra):
        date = today + datetime.timedelta(days=days)
        data = {
            "title": title,
            "format": fmt,
            "county": innlandet,
            "date": date,
            "venue": venue,
            "staff_briefing_at": _time("14:30") if starts > "14:30" else None,
            "employers_arrive_at": _time("15:00") if starts > "15:00" else None,
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
                    "slot_count": slot_count or (4 if fmt == "intervju" else 2),
                    "room": f"Rom {101 + index}",
                    "minimum_age": 18 if index % 3 == 0 and fmt == "intervju" else None,
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

    def book(ev, count, when=None, skip=0):
        made = 0
        for candidate in pool[skip:]:
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

    return SimpleNamespace(by=by, event=event, book=book, pool=pool, counsellors=counsellors)


@seeder(name="Jobbmesser", order=60)
def seed_jobfairs(ctx: DemoContext) -> None:
    from . import services
    from .models import Booking, Event

    if Event.objects.exists():
        return
    kit = _kit(ctx)
    if kit is None:
        return
    by, event, book = kit.by, kit.event, kit.book

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


@seeder(name="Jobbmesser: speedintervju, gruppeintervju og drop-in", order=61)
def seed_jobfair_formats(ctx: DemoContext) -> None:
    """Content for the format pages: a speed-interview rotation with candidates in their lanes, a
    held JobbLoop kick-off with groups and the employers' joint choice (one already a draft
    placement), and a held Minijobbmesse with drop-in visits and CVs. Runs once per database
    (also on one seeded before these pages existed)."""
    from . import services
    from .models import Event, Participant

    if Event.objects.filter(format="speed").exists():
        return
    kit = _kit(ctx)
    if kit is None:
        return
    by, event, book, pool = kit.by, kit.event, kit.book, kit.pool

    speed = event(
        "Speedintervjuer Gjøvik", "speed", 35, "Gjøvik rådhus", "15:30", "17:30", 20, 4, slot_count=4
    )
    lanes = 0
    for candidate in pool[20:]:
        if lanes >= 3:
            break
        user = kit.counsellors.get(candidate.office_id)
        if user is None:
            continue
        try:
            services.speed_rotation_book(event=speed, candidates=[candidate], by=user)
        except ValidationError:  # a demo skips what the rules refuse
            continue
        lanes += 1

    kickoff = event(
        "JobbLoop oppstart Kongsvinger (høst)", "gruppe", -20, "NAV Kongsvinger", "09:00", "12:00", 60, 3
    )
    book(kickoff, 10, when=kickoff.booking_deadline, skip=30)
    services.groups_form(event=kickoff, by=by)
    entries = list(kickoff.employers.order_by("pk"))
    for index, participant in enumerate(Participant.objects.filter(event=kickoff).order_by("number")[:3]):
        selection = services.selection_record(
            event=kickoff,
            participant=participant,
            employers=entries,
            by=by,
            note="Enige etter gruppeintervjuet." if index == 0 else "",
        )
        if index == 0:
            services.selection_to_placement(selection=selection, employer=entries[0], by=by)
    services.event_hold(event=kickoff, by=by)

    fair = event(
        "Minijobbmesse Elverum (vår)", "dropin", -30, "Elverum ungdomsskole", "12:00", "15:00", 20, 3
    )
    book(fair, 6, when=fair.booking_deadline, skip=45)
    rooms = list(fair.employers.order_by("pk"))
    for index, participant in enumerate(Participant.objects.filter(event=fair).order_by("number")):
        for offset in range(1 + index % 2):
            services.dropin_visit_record(
                event_employer=rooms[(index + offset) % len(rooms)],
                participant=participant,
                cv_handed_over=index % 3 != 2,
                by=by,
            )
    services.event_hold(event=fair, by=by)
    ctx.say("  speedintervju, gruppeintervju og drop-in med innhold")
