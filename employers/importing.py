"""Reading and checking an employer CSV file (the spreadsheets advisers keep today).

Columns, by Norwegian header (order free, case ignored): orgnr, navn, kommunenummer (required),
sektor, bransje, størrelse, adresse, postnummer, poststed. Semicolon or comma separated, UTF-8
(with or without BOM). Row numbers in errors are the spreadsheet's: the header is row 1.
"""

import csv
import io
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.models import Municipality
from core.validators import normalise_digits, validate_orgnr

from .models import Employer, Sector, SizeBand

IMPORT_PROGRESS_EVERY = 50
REQUIRED = ("orgnr", "navn", "kommunenummer")
HEADER_ALIASES = {
    "orgnr": "orgnr",
    "organisasjonsnummer": "orgnr",
    "navn": "navn",
    "kommunenummer": "kommunenummer",
    "kommunenr": "kommunenummer",
    "sektor": "sektor",
    "bransje": "bransje",
    "størrelse": "storrelse",
    "storrelse": "storrelse",
    "adresse": "adresse",
    "postnummer": "postnummer",
    "poststed": "poststed",
}
TEMPLATE_HEADER = [
    "orgnr",
    "navn",
    "kommunenummer",
    "sektor",
    "bransje",
    "størrelse",
    "adresse",
    "postnummer",
    "poststed",
]


def _reader(content: str):
    text = content.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    return csv.reader(io.StringIO(text), delimiter=delimiter)


MAX_FIELD_CHARS = 1_000


def check_file(raw: bytes) -> str:
    """Decode an uploaded CSV file or raise ValidationError with a Norwegian message naming the
    problem (issue 10, item 6: each of these gave a 500 before)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[:200].count(b"\x00") > 20:
        raise ValidationError(_("Filen er lagret som UTF-16. Lagre den som CSV (UTF-8) og prøv igjen."))
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise ValidationError(
            _("Filen inneholder et NUL-tegn (byte 0) på linje %(line)s. Er det en CSV-fil?") % {"line": line}
        )
    # Spreadsheets saved by Norwegian Excel are often Windows-1252, not UTF-8.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(_("Filen kunne ikke leses som tekst. Lagre den som CSV (UTF-8)."))
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t")
    if controls > max(5, len(text) // 100):
        raise ValidationError(_("Filen ser ikke ut til å være en tekstfil (CSV). Lagre den som CSV (UTF-8)."))
    if "\r" in text and "\n" not in text:
        raise ValidationError(
            _(
                "Filen har bare CR som linjeskift (gammelt Mac-format). Lagre den som CSV (UTF-8) med vanlige linjeskift."
            )
        )
    line_number = 0
    too_long = _("Et felt på linje %(line)s er lengre enn %(max)s tegn.")
    try:
        for line_number, cells in enumerate(_reader(text), start=1):
            if any(len(cell) > MAX_FIELD_CHARS for cell in cells):
                raise ValidationError(too_long % {"line": line_number, "max": MAX_FIELD_CHARS})
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise ValidationError(too_long % {"line": line_number + 1, "max": MAX_FIELD_CHARS}) from exc
        raise ValidationError(
            _("Filen kunne ikke leses som CSV (linje %(line)s). Sjekk anførselstegn og linjeskift.")
            % {"line": line_number + 1}
        ) from exc
    return text


def count_rows(content: str) -> int:
    rows = [r for r in _reader(content) if any(c.strip() for c in r)]
    return max(len(rows) - 1, 0)


def _choice(value: str, choices) -> str | None:
    """Accept the stored code or the Norwegian label, ignoring case ('Kommunal', 'kommunal')."""
    wanted = value.strip().lower()
    for code, label in choices.choices:
        if wanted in (code.lower(), str(label).lower()):
            return code
    return None


def parse_and_validate(
    content: str, *, created_by=None, primary_contact=None, progress: Callable[[int], None] | None = None
) -> tuple[list[Employer], list[dict]]:
    """Return unsaved employers and a list of {"row", "messages"}; the list is empty when all is well.
    `primary_contact` is the NAV contact of every imported employer (the file has no such column)."""
    reader = _reader(content)
    try:
        raw_header = next(reader)
    except StopIteration:
        return [], [{"row": 1, "messages": [_("Filen er tom.")]}]
    header = [HEADER_ALIASES.get(h.strip().lower()) for h in raw_header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [], [
            {
                "row": 1,
                "messages": [
                    _("Overskriftsraden mangler kolonnen «%(column)s».") % {"column": c} for c in missing
                ],
            }
        ]

    municipalities = {m.code: m for m in Municipality.objects.all()}
    rows = []
    for line_number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        rows.append(
            (
                line_number,
                {name: cells[i].strip() for i, name in enumerate(header) if name and i < len(cells)},
            )
        )

    orgnrs = {normalise_digits(r.get("orgnr", "")) for _n, r in rows}
    in_register = set(Employer.objects.filter(orgnr__in=orgnrs).values_list("orgnr", flat=True))
    first_seen: dict[str, int] = {}
    employers, errors = [], []
    for done, (line_number, row) in enumerate(rows, start=1):
        messages = []
        for column in REQUIRED:
            if not row.get(column):
                messages.append(_("«%(column)s» må fylles ut.") % {"column": column})
        orgnr = normalise_digits(row.get("orgnr", ""))
        if orgnr:
            try:
                validate_orgnr(orgnr)
            except ValidationError as exc:
                messages.extend(exc.messages)
            else:
                if orgnr in in_register:
                    messages.append(
                        _("Organisasjonsnummeret %(orgnr)s finnes allerede i registeret.") % {"orgnr": orgnr}
                    )
                elif orgnr in first_seen:
                    messages.append(
                        _("Organisasjonsnummeret %(orgnr)s står også på rad %(row)s i filen.")
                        % {"orgnr": orgnr, "row": first_seen[orgnr]}
                    )
                else:
                    first_seen[orgnr] = line_number
        municipality = None
        if row.get("kommunenummer"):
            municipality = municipalities.get(row["kommunenummer"].zfill(4))
            if municipality is None:
                messages.append(_("Kommunenummeret %(code)s finnes ikke.") % {"code": row["kommunenummer"]})
        sector = Sector.PRIVATE
        if row.get("sektor"):
            sector = _choice(row["sektor"], Sector)
            if sector is None:
                messages.append(
                    _("Ukjent sektor «%(value)s» (bruk privat, kommunal, fylkeskommunal eller statlig).")
                    % {"value": row["sektor"]}
                )
        size_band = ""
        if row.get("storrelse"):
            size_band = _choice(row["storrelse"], SizeBand)
            if size_band is None:
                messages.append(_("Ukjent størrelse «%(value)s».") % {"value": row["storrelse"]})
        if len(row.get("navn", "")) > 200:
            messages.append(_("Navnet er lengre enn 200 tegn."))
        postal_code = row.get("postnummer", "")
        if postal_code and not (postal_code.isdigit() and len(postal_code) == 4):
            messages.append(_("Postnummeret må ha fire siffer."))
        if messages:
            errors.append({"row": line_number, "messages": messages})
        elif not errors:  # once a row fails nothing is imported; stop building objects
            employers.append(
                Employer(
                    orgnr=orgnr,
                    name=row["navn"],
                    sector=sector,
                    industry=row.get("bransje", "")[:150],
                    size_band=size_band,
                    municipality=municipality,
                    county_id=municipality.county_id,
                    address=row.get("adresse", "")[:200],
                    postal_code=postal_code,
                    postal_place=row.get("poststed", "")[:100],
                    created_by=created_by,
                    primary_contact=primary_contact,
                )
            )
        if progress:
            progress(done)
    if not rows and not errors:
        errors.append({"row": 1, "messages": [_("Filen har ingen rader under overskriftsraden.")]})
    return employers, errors
