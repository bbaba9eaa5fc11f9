"""Label verification (issue 12 item 6): a short code and a QR code per participating facility
in good standing, printed on product labels and posters, opening /v/<code>/ which shows the
facility's standing *now* (read on every request: "not in good standing" the moment a decision
moves it) with the public log entry behind it.

Codes: 8 characters of Crockford's base32 alphabet (digits and capitals without I, L, O, U), the
first 7 random (35 bits from ``secrets``: stable, non-sequential, nothing to guess from a
neighbour's code), the last a check character (Damm's scheme over GF(32)): any single mistyped character and
any swap of two neighbours is caught before a look-up. Typed codes are forgiving: case, spaces
and hyphens are ignored and O/I/L read as 0/1/1. Shown as ``ABCD-EFGH``.

A code is issued once per facility and program, when the facility is first in good standing
(participating or on probation: ``wsr.standing.transitions.ELIGIBLE``) and someone asks for its
label (``label_codes_issue``: the poster page, the ``label_codes`` command, the demo), and it is
never changed or reused; it carries no fact itself. See docs/decisions/0035.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

import qrcode
import qrcode.constants
from django.db import IntegrityError, transaction
from django.utils.html import escape

from wsr.core.models import TransparencyEntry
from wsr.disclosure.models import LabelCode
from wsr.programs.models import Program
from wsr.registry.models import Facility, ProgramFacility
from wsr.standing.models import STANDING_LABELS, FacilityStanding
from wsr.standing.transitions import ELIGIBLE, Standing

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
LENGTH = 8


# --- codes -----------------------------------------------------------------------------------------


def _times_two(value: int) -> int:
    """Multiplication by 2 in GF(32) (polynomial x^5 + x^2 + 1)."""
    value <<= 1
    return value ^ 0b100101 if value & 0b100000 else value


def _fold(text: str) -> int:
    state = 0
    for char in text:
        state = _times_two(state) ^ _VALUE[char]
    return state


def check_char(body: str) -> str:
    """The check character of ``body`` (Damm's scheme over the quasigroup x * y = 2x + y of GF(32)):
    the 8 characters then fold to 0. A changed character multiplies through to a non-zero
    difference, and swapping neighbours a, b differs by 3(a + b) != 0: every single error and
    every swap of two neighbours is caught (Luhn mod 32 misses the swap of 0 and Z)."""
    return ALPHABET[_times_two(_fold(body))]


def code_new() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH - 1))
    return body + check_char(body)


def code_is_valid(code: str) -> bool:
    return len(code) == LENGTH and all(c in _VALUE for c in code) and _fold(code) == 0


def code_normalise(text: str) -> str | None:
    """The canonical code a person typed (``abcd efgh``, ``ABCD-EFGH``, ``0``/``O``...), or None
    when it cannot be one (wrong length, a character outside the alphabet, a bad check character)."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -\t\r\n").translate(_READ_AS)
    return cleaned if code_is_valid(cleaned) else None


def code_display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


# --- issuing ---------------------------------------------------------------------------------------


def eligible_facilities(program: Program) -> Iterable[Facility]:
    """Facilities the program covers today whose standing in it is good now."""
    covered = ProgramFacility.objects.filter(program=program, until__isnull=True).values("facility_id")
    ids = FacilityStanding.objects.filter(program=program, status__in=list(ELIGIBLE), facility_id__in=covered).values(
        "facility_id"
    )
    return Facility.objects.filter(pk__in=ids).order_by("name", "pk")


def label_codes_issue(*, program: Program, facilities: Iterable[Facility] | None = None) -> list[LabelCode]:
    """Issue a code to each facility (default: every one in good standing in the program) that is
    in good standing and has none yet; returns the codes issued now. Idempotent: a rerun, or two
    requests at once, issue nothing twice (the (program, facility) pair is unique; a collision of
    random codes, about one in 34 billion per pair, is retried)."""
    eligible = {f.pk: f for f in eligible_facilities(program)}
    wanted = [f for f in facilities if f.pk in eligible] if facilities is not None else list(eligible.values())
    have = set(
        LabelCode.objects.filter(program=program, facility_id__in=[f.pk for f in wanted]).values_list(
            "facility_id", flat=True
        )
    )
    issued = []
    for facility in wanted:
        if facility.pk in have:
            continue
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    issued.append(LabelCode.objects.create(program=program, facility=facility, code=code_new()))
                break
            except IntegrityError:
                if LabelCode.objects.filter(program=program, facility=facility).exists():
                    break  # issued by a concurrent request meanwhile
    return issued


# --- reading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelStatus:
    """What /v/<code>/ says: the facility, its standing now and the log entry behind it."""

    label: LabelCode
    program: Program
    facility: Facility
    standing: str
    standing_label: str
    since: dt.datetime | None
    covered: bool  # the program covers the facility today
    good: bool
    log_seq: int | None
    log_time: dt.datetime | None

    @property
    def code_display(self) -> str:
        return code_display(self.label.code)


def label_get_public(code: str) -> LabelCode | None:
    return LabelCode.objects.select_related("program", "facility").filter(code=code).first()


def label_status(label: LabelCode) -> LabelStatus:
    program, facility = label.program, label.facility
    row = FacilityStanding.objects.filter(program=program, facility=facility).only("status", "since").first()
    status = Standing(row.status) if row else Standing.APPLICANT
    covered = ProgramFacility.objects.filter(program=program, facility=facility, until__isnull=True).exists()
    entry = (
        TransparencyEntry.objects.filter(
            stream=program.log_stream, kind="standing_changed", payload__facility=facility.public_id
        )
        .order_by("-seq")
        .only("seq", "recorded_at")
        .first()
    )
    return LabelStatus(
        label=label,
        program=program,
        facility=facility,
        standing=status,
        standing_label=str(STANDING_LABELS[status]),
        since=row.since if row else None,
        covered=covered,
        good=covered and status in ELIGIBLE,
        log_seq=entry.seq if entry else None,
        log_time=entry.recorded_at if entry else None,
    )


# --- QR codes --------------------------------------------------------------------------------------

QUIET = 4  # modules of white border the QR specification asks for


def qr_matrix(data: str) -> list[list[bool]]:
    """The QR symbol of ``data`` (error correction M: a label may be scuffed), without border."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    qr.add_data(data)
    qr.make(fit=True)
    return [list(row) for row in qr.get_matrix()]


def qr_path(matrix: list[list[bool]], offset: int = QUIET) -> str:
    """One SVG path drawing every dark module (runs of a row merged), in module units."""
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                parts.append(f"M{start + offset} {y + offset}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return "".join(parts)


def qr_svg(data: str, *, title: str = "") -> str:
    """A stand-alone SVG of the QR code of ``data``: black on white, quiet zone included, scales
    to any size (``shape-rendering: crispEdges`` keeps modules sharp)."""
    matrix = qr_matrix(data)
    size = len(matrix) + 2 * QUIET
    heading = f"<title>{escape(title)}</title>" if title else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size * 8}" '
        f'height="{size * 8}" shape-rendering="crispEdges">{heading}'
        f'<rect width="{size}" height="{size}" fill="#ffffff"/>'
        f'<path d="{qr_path(matrix)}" fill="#000000"/></svg>'
    )
