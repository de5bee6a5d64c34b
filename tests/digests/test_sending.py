"""Sending: once per recipient and week however often the job runs, the unsubscribe link and header,
preferences, the coordinators' preview and the management command."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import OutboxMessage
from digests import selectors, services, tasks
from digests.models import DigestPreference, DigestSend
from tests.employers.factories import NeedFactory

pytestmark = pytest.mark.django_db


def run_job(capture, week=None):
    with capture(execute=True):
        tasks.weekly_fan_out.delay(week.label if week else None)


def test_job_run_twice_sends_each_recipient_one_email(
    region, veileder, other_veileder, markedskoordinator, week, django_capture_on_commit_callbacks
):
    services.digest_preference_update(
        user=markedskoordinator,
        by=markedskoordinator,
        opted_out=False,
        extra_counties=[region.fitting.county],
    )
    run_job(django_capture_on_commit_callbacks, week)
    run_job(django_capture_on_commit_callbacks, week)
    run_job(django_capture_on_commit_callbacks)  # the catch-up run, without a week: this week
    assert sorted(m.to[0] for m in mail.outbox) == sorted([veileder.email, markedskoordinator.email])
    assert DigestSend.objects.filter(iso_year=week.iso_year, iso_week=week.iso_week).count() == 2
    assert OutboxMessage.objects.filter(status="sent").count() == 2
    # The log and the outbox row belong together; the header carries the one-click link.
    send = DigestSend.objects.get(recipient=veileder)
    assert send.message.recipient == veileder.email and send.needs > 0
    message = next(m for m in mail.outbox if m.to == [veileder.email])
    assert message.extra_headers["List-Unsubscribe"] == f"<{selectors.unsubscribe_url(veileder.pk)}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_send_log_and_the_email_are_one_transaction(region, veileder, week):
    services.digest_queue(user_id=veileder.pk, week=week)
    assert OutboxMessage.objects.count() == 1
    # A second attempt finds the log and writes nothing; without a log row nothing would be sent.
    assert services.digest_queue(user_id=veileder.pk, week=week) is None
    assert OutboxMessage.objects.count() == DigestSend.objects.count() == 1


# One recipient's e-mail with the fan-out's counts: the user with its send log, preference and
# regions (2), fairs (2), needs, region names, advisers, the outbox row (get_or_create: 4) and the
# log row = 13, plus the transaction's two statements (BEGIN and COMMIT in bench/market_email.py,
# SAVEPOINT and RELEASE here inside the test's transaction). Counting in the task instead (a task
# queued without counts, the preview) adds the count and its two SET LOCALs.
PER_RECIPIENT_QUERIES = 15


def test_a_recipient_costs_a_fixed_number_of_queries_whatever_the_region_holds(
    region, veileder, week, make, markedskoordinator, office
):
    from tests.jobfairs.factories import make_event

    def queries(precomputed=False):
        DigestSend.objects.all().delete()
        OutboxMessage.objects.all().delete()
        fit = (
            selectors.week_fit_counts(recipient_ids=[veileder.pk], week=week)[veileder.pk]
            if precomputed
            else None
        )
        with CaptureQueriesContext(connection) as ctx:
            assert services.digest_queue(user_id=veileder.pk, week=week, fit=fit) is not None
        return len(ctx.captured_queries)

    assert queries(precomputed=True) == PER_RECIPIENT_QUERIES
    assert queries() == PER_RECIPIENT_QUERIES + 3
    # A bigger region: more needs, more candidates, and two upcoming fairs with employers.
    for i in range(20):
        NeedFactory(
            employer=region.shop, title=f"Ekstra {i}", status="apen", opened_at=region.fitting.opened_at
        )
    for _ in range(5):
        make(wishes=["5223"], extents=["deltid"])
    make_event(by=markedskoordinator, offices=[office], employers=3)
    make_event(by=markedskoordinator, offices=[office], employers=2, days_ahead=20)
    assert queries(precomputed=True) == PER_RECIPIENT_QUERIES
    assert queries() == PER_RECIPIENT_QUERIES + 3


def test_unsubscribe_link_works_without_login(client, region, veileder):
    url = selectors.unsubscribe_url(veileder.pk).removeprefix("http://127.0.0.1:8000")
    page = client.get(url)
    assert page.status_code == 200 and "Meld meg av" in page.content.decode()
    assert not DigestPreference.objects.filter(user=veileder, opted_out=True).exists()  # GET changes nothing
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "Du er meldt av" in response.content.decode()
    assert DigestPreference.objects.get(user=veileder).opted_out


def test_a_forged_unsubscribe_token_is_refused(client, veileder):
    token = selectors.unsubscribe_token(veileder.pk)
    other = token.replace(f"{veileder.pk}:", f"{veileder.pk + 1}:")
    for bad in (other, "abc", f"{veileder.pk}"):
        url = reverse("digests:unsubscribe", kwargs={"token": bad})
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert not DigestPreference.objects.exists()


def test_preferences_page_opts_out_and_adds_regions(client_for, veileder, region, week):
    client = client_for(veileder)
    url = reverse("digests:preferences")
    page = client.get(url)
    assert page.status_code == 200 and "Innlandet" in page.content.decode()
    vestland = selectors.County.objects.get(code="46")
    response = client.post(url, {"extra_counties": [vestland.pk]})
    assert response.status_code == 302
    assert selectors.recipient_counties(veileder, selectors.preference_for(veileder)) == {
        region.fitting.county_id,
        vestland.pk,
    }
    client.post(url, {"opted_out": "on"})
    assert veileder.pk not in selectors.recipient_ids(week=week)


def test_preview_shows_what_the_recipient_gets(client_for, markedskoordinator, veileder, region):
    client = client_for(markedskoordinator)
    page = client.get(reverse("digests:preview"), {"mottaker": veileder.pk})
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ukens markeds-e-post" in html and "Butikkmedarbeider" in html
    assert "3 av dine kandidater passer godt" in html
    frame = client.get(reverse("digests:preview_html", kwargs={"pk": veileder.pk}))
    assert frame.status_code == 200 and b"<table" in frame.content
    assert "sandbox" in frame["Content-Security-Policy"] and frame["X-Frame-Options"] == "SAMEORIGIN"
    # Previewing sends nothing.
    assert not OutboxMessage.objects.exists() and not DigestSend.objects.exists()


def test_preview_says_so_when_the_recipient_gets_nothing(client_for, markedskoordinator, veileder):
    page = client_for(markedskoordinator).get(reverse("digests:preview"), {"mottaker": veileder.pk})
    assert "får ingen markeds-e-post denne uken" in page.content.decode()


def test_preview_offers_the_recipients_by_name_and_e_mail_and_keeps_the_choice(
    client_for, markedskoordinator, veileder
):
    client = client_for(markedskoordinator)
    option = f'<option value="{veileder.pk}"'
    page = client.get(reverse("digests:preview")).content.decode()
    assert f"{option}>{veileder.get_full_name()} ({veileder.email})</option>" in page
    veileder.first_name, veileder.email = "Navnet <Om>", "ny@nav.no"
    veileder.save()
    page = client.get(reverse("digests:preview"), {"mottaker": veileder.pk}).content.decode()
    assert f"{option} selected>Navnet &lt;Om&gt; {veileder.last_name} (ny@nav.no)</option>" in page


def test_management_command_dry_run_then_send(region, veileder, week):
    out = StringIO()
    call_command("market_email", "--week", week.label, "--dry-run", stdout=out)
    assert veileder.email in out.getvalue() and not OutboxMessage.objects.exists()
    call_command("market_email", "--week", week.label, "--dry-run", "--show", str(veileder.pk), stdout=out)
    assert "Butikkmedarbeider" in out.getvalue() and not OutboxMessage.objects.exists()
    out = StringIO()
    call_command("market_email", "--week", week.label, stdout=out)
    assert "1 e-poster lagt i kø" in out.getvalue()
    out = StringIO()
    call_command("market_email", "--week", week.label, stdout=out)
    assert "0 e-poster lagt i kø" in out.getvalue()
    assert DigestSend.objects.count() == 1


def test_management_command_refuses_a_bad_week():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Ugyldig uke"):
        call_command("market_email", "--week", "uke 48", "--dry-run")


def test_beat_runs_every_monday_at_seven_oslo_time(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["digests-weekly"]
    assert entry["task"] == "digests.tasks.weekly_fan_out"
    schedule = entry["schedule"]
    assert schedule.hour == {7} and schedule.minute == {0} and schedule.day_of_week == {1}
    assert settings.CELERY_TIMEZONE == "Europe/Oslo"
