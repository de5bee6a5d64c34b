"""Events for tests, built through the services (so slots are generated as in real use)."""

import datetime

from django.utils import timezone

from jobfairs import services
from jobfairs.models import Event
from tests.employers.factories import EmployerFactory
from tests.factories import county


def make_event(
    *,
    by,
    offices=(),
    employers: int = 2,
    slots: int = 4,
    publish: bool = True,
    days_ahead: int = 10,
    **overrides,
) -> Event:
    date = timezone.localdate() + datetime.timedelta(days=days_ahead)
    data = {
        "title": "Ta sjansen test",
        "format": "intervju",
        "county": county("34"),
        "date": date,
        "venue": "Hamar kulturhus",
        "staff_briefing_at": datetime.time(14, 30),
        "employers_arrive_at": datetime.time(15, 0),
        "starts_at": datetime.time(15, 30),
        "ends_at": datetime.time(17, 30),
        "slot_minutes": 30,
        "booking_deadline": date - datetime.timedelta(days=3),
        "eligibility": "Unge under 30 med nedsatt arbeidsevne",
        "offices": list(offices),
    }
    data.update(overrides)
    event = services.event_create(by=by, data=data)
    for _ in range(employers):
        services.event_employer_add(
            event=event,
            by=by,
            data={
                "employer": EmployerFactory(),
                "unit": "Lager",
                "tasks": "Plukke varer",
                "slot_count": slots,
            },
        )
    if publish:
        event = services.event_publish(event=event, by=by)
    return event
