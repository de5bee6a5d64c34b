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
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_fodselsnummer(message)
        if masked != message:
            record.msg = masked
            record.args = None
        return True
