"""Issue 10, item 4: no log line carries a fødselsnummer, whichever logger or handler writes it.

The probe saw `/kandidater/12909842369/` unmasked in the development server's request lines and in
django.request warnings. These tests capture what every handler writes."""

import io
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

FNR = "12909842369"
pytestmark = pytest.mark.django_db


def _all_handlers():
    loggers = [logging.getLogger()] + [
        lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)
    ]
    return {h for lg in loggers for h in lg.handlers}


@contextmanager
def captured():
    """Point every stream handler at one buffer (the handler's own filters and formatter apply)."""
    buffer = io.StringIO()
    handlers = [h for h in _all_handlers() if isinstance(h, logging.StreamHandler)]
    old = [h.setStream(buffer) for h in handlers]
    try:
        yield buffer
    finally:
        for handler, stream in zip(handlers, old, strict=True):
            handler.setStream(stream)


def test_requests_with_a_fodselsnummer_log_nothing_of_it(client_for, veileder):
    client = client_for(veileder)
    with captured() as buffer:
        client.get(f"/kandidater/{FNR}/", {"q": FNR})
        client.get(f"/finnes-ikke/{FNR}/", {"fnr": FNR})
        client.get("/kandidater/", {"q": FNR, "side": f"x{FNR}"})
        logging.getLogger("django.server").info('"GET /kandidater/%s/ HTTP/1.1" 404 0', FNR)
        logging.getLogger("celery.app.trace").info("Task done for %s", FNR)
        logging.getLogger("gunicorn.access").info("GET /kandidater/%(f)s/", {"f": FNR})
        try:
            raise ValueError(f"bad {FNR}")
        except ValueError:
            logging.getLogger("candidates").exception("failed")
    lines = buffer.getvalue()
    assert "Not Found" in lines  # django.request wrote its warnings…
    assert "***********" in lines  # …masked
    assert FNR not in lines


def test_celery_uses_the_masked_logging():
    from navinclusion.celery import use_django_logging

    use_django_logging()
    with captured() as buffer:
        logging.getLogger("celery.worker").warning("Received task for %s", FNR)
    assert FNR not in buffer.getvalue() and "***********" in buffer.getvalue()


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_development_server_request_lines_are_masked():
    """`make run`'s runserver, as a real process: read its stderr."""
    port = _free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "navinclusion.settings.local", "PYTHONUNBUFFERED": "1"}
    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/?fnr={FNR}", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        for path in (f"/finnes-ikke/{FNR}/?fnr={FNR}", f"/kandidater/{FNR}/"):
            with suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5)
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=20)
    assert re.search(r"GET /accounts/login/\?fnr=\*{11}", output), output
    assert FNR not in output
