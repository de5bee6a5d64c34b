"""Logging filter that masks anything shaped like a fødselsnummer (11 digits in a row).

NAV masks every 11-digit number in log lines (finn-kandidat-api MaskedLoggingEvent); a log line
with an identity number is a personal-data leak even if the code meant well.
"""

import logging
import re

_ELEVEN_DIGITS = re.compile(r"(?<!\d)\d{11}(?!\d)")
MASK = "***********"


def mask_fodselsnummer(text: str) -> str:
    return _ELEVEN_DIGITS.sub(MASK, text)


class MaskFodselsnummerFilter(logging.Filter):
    """On handlers (not loggers): a handler filter also sees records propagated from child loggers."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_fodselsnummer(message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True


class MaskingFormatter(logging.Formatter):
    """Masks the whole formatted line, tracebacks included (a filter only sees the message)."""

    def format(self, record):
        return mask_fodselsnummer(super().format(record))

    def formatException(self, ei):
        return mask_fodselsnummer(super().formatException(ei))


class MaskingServerFormatter(MaskingFormatter):
    """django.server's coloured request lines, masked."""

    def __init__(self, *args, **kwargs):
        from django.utils.log import ServerFormatter

        super().__init__(*args, **kwargs)
        self._server = ServerFormatter(*args, **kwargs)

    def format(self, record):
        return mask_fodselsnummer(self._server.format(record))


def install_masking() -> None:
    """Put the filter on every handler of every logger configured so far: the ones our LOGGING
    defines have it already; this also covers handlers others add (gunicorn's access and error
    logs, Celery's), whenever this runs after them (AppConfig.ready, Celery's setup_logging)."""
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    for logger in loggers:
        for handler in logger.handlers:
            if not any(isinstance(f, MaskFodselsnummerFilter) for f in handler.filters):
                handler.addFilter(MaskFodselsnummerFilter())
