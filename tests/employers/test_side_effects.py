"""Side effects as rows: they survive a Redis outage. A real Redis is stopped and started here."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from core.models import Notification
from employers import services
from employers.models import ImportJob
from navinclusion.celery import app as celery_app
from tests.factories import NavUnitFactory, user_with_role
from tests.servers import RedisServer

from .factories import NeedFactory
from .test_import import _file

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker(settings):
    """This process publishes to a Redis the test controls, for real (not eagerly)."""
    server = RedisServer().start()
    before = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)

    def point(url, eager):
        celery_app.conf.update(task_always_eager=eager, broker_url=url)
        celery_app.close()
        celery_app.__dict__.pop("amqp", None)

    point(server.url, False)
    settings.CELERY_BROKER_URL = server.url
    yield server
    server.stop()
    point(before[1], before[0])


def test_opening_a_need_with_redis_down_notifies_every_counsellor_once(
    broker, radgiver, django_capture_on_commit_callbacks
):
    need = NeedFactory()
    offices = [
        NavUnitFactory(unit_number=f"95{n:02d}", name=f"NAV Test {n}", county=need.county) for n in range(3)
    ]
    counsellors = [user_with_role(Role.VEILEDER, o, username=f"t-v{n}") for n, o in enumerate(offices)]
    broker.stop()
    with django_capture_on_commit_callbacks(execute=True):
        services.need_open(need=need, by=radgiver)  # no broker: must not fail, must not lose anything
    broker.start()
    # A late nudge (a retried task, a sweep) after Redis is back adds nothing.
    services.need_notify_counsellors(need_id=need.pk)
    for user in counsellors:
        assert Notification.objects.filter(user=user, dedupe_key=f"need-opened:{need.pk}").count() == 1


def test_pending_import_left_by_a_broker_outage_is_run_once_by_the_sweep(
    broker, radgiver, django_capture_on_commit_callbacks
):
    broker.stop()
    with django_capture_on_commit_callbacks(execute=True):
        job = services.employer_import_start(by=radgiver, filename="stor.csv", content=_file(250))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PENDING  # the task could not be published
    assert services.employer_imports_sweep() == 0  # too young: a worker may still take it
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    broker.start()
    assert services.employer_imports_sweep() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED and job.created_count == 250
    assert services.employer_imports_sweep() == 0  # never twice
    assert services.employer_import_run(job_id=job.pk).created_count == 250


def test_an_import_that_raises_ends_failed_with_its_error_on_the_page(radgiver, client_for, monkeypatch):
    from employers import importing

    def broken(*args, **kwargs):  # fault injection: an unexpected bug in the parser
        raise RuntimeError("boom")

    monkeypatch.setattr(importing, "parse_and_validate", broken)
    job = services.employer_import_start(by=radgiver, filename="liten.csv", content=_file(3))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.finished_at is not None
    page = client_for(radgiver).get(reverse("employers:import_detail", args=[job.pk])).content.decode()
    assert "Importen stoppet med en feil (RuntimeError)" in page
