"""Label verification: codes (unique, non-sequential, typo-catching), issued to facilities in good
standing only, the public page flipping to "not in good standing" with the log entry the moment a
suspension is decided (through the standing services), the QR code SVG, and the posters."""

from __future__ import annotations

import io
import itertools
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.core.management import call_command

from tests.complaints.staff_helpers import actor
from tests.standards.conftest import build_code
from tests.standing.conftest import admit
from wsr.core.models import TransparencyEntry
from wsr.disclosure import labels
from wsr.disclosure.models import LabelCode
from wsr.standing.services import standing_decide

SVG = "{http://www.w3.org/2000/svg}"


def _value(code: str) -> int:
    n = 0
    for ch in code[:-1]:
        n = n * 32 + labels.ALPHABET.index(ch)
    return n


def test_codes_are_valid_unique_and_not_sequential():
    codes = [labels.code_new() for _ in range(3000)]

    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{8}", c) and labels.code_is_valid(c) for c in codes)
    values = sorted(_value(c) for c in codes)
    # 35 random bits: neighbours in value are far apart (a counter would give steps of 1)
    assert min(b - a for a, b in itertools.pairwise(values)) > 1
    assert sum(1 for a, b in itertools.pairwise(values) if b - a < 1000) < 5


def test_a_single_mistyped_character_or_a_swap_of_neighbours_is_caught():
    for code in (labels.code_new() for _ in range(200)):
        for i in range(8):
            for ch in labels.ALPHABET:
                if ch != code[i]:
                    assert not labels.code_is_valid(code[:i] + ch + code[i + 1 :]), (code, i, ch)
        for i in range(7):
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            if swapped != code:
                assert not labels.code_is_valid(swapped), (code, i)


def test_typed_codes_are_forgiving():
    code = "0" + labels.code_new()[1:7]
    code += labels.check_char(code)

    assert labels.code_normalise(f" {code[:4].lower()}-{code[4:].lower()} ") == code
    assert labels.code_normalise("O" + code[1:]) == code  # the letter O read as zero
    assert labels.code_normalise(code[:7]) is None
    assert labels.code_normalise(code[:7] + ("0" if code[7] != "0" else "1")) is None
    assert labels.code_display(code) == f"{code[:4]}-{code[4:]}"


@pytest.fixture
def admitted_x(personas: Any) -> Any:
    build_code(personas)
    admit(personas, personas.facility_x)  # Y stays an applicant
    return personas


@pytest.mark.django_db
def test_codes_are_issued_once_to_facilities_in_good_standing_only(admitted_x):
    personas = admitted_x

    issued = labels.label_codes_issue(program=personas.program)

    assert [(c.facility, c.program) for c in issued] == [(personas.facility_x, personas.program)]
    assert labels.label_codes_issue(program=personas.program) == []  # a rerun issues nothing
    out = io.StringIO()
    call_command("label_codes", program=personas.program.slug, stdout=out)
    assert "0 label code(s) issued" in out.getvalue()
    assert LabelCode.objects.count() == 1


def _suspend(personas: Any) -> None:
    standing_decide(
        actor=actor(personas.council_admin),
        program=personas.program,
        facilities=[personas.facility_x],
        target="suspended",
        grounds="zero_tolerance",
        reason="Confirmed forced labour.",
    )


@pytest.mark.django_db
def test_label_page_flips_to_not_in_good_standing_the_moment_of_the_suspension(admitted_x, client):
    personas = admitted_x
    (label,) = labels.label_codes_issue(program=personas.program)
    url = f"/v/{label.code}/"
    admission = TransparencyEntry.objects.filter(kind="standing_changed").latest("seq")

    before = client.get(url)

    assert before.status_code == 200 and before["Cache-Control"] == "no-cache"
    html = before.content.decode()
    assert 'data-good="1"' in html and "In good standing" in html
    assert f'href="/p/{personas.program.slug}/log/{admission.seq}/"' in html

    _suspend(personas)
    after = client.get(url).content.decode()

    suspension = TransparencyEntry.objects.filter(kind="standing_changed").latest("seq")
    assert suspension.payload["standing"] == "suspended"
    assert suspension.payload["facility"] == personas.facility_x.public_id
    assert 'data-good="0"' in after and "Not in good standing" in after and "Suspended" in after
    link = f"/p/{personas.program.slug}/log/{suspension.seq}/"
    assert f'href="{link}"' in after
    assert personas.facility_x.public_id in client.get(link).content.decode()
    assert LabelCode.objects.get(pk=label.pk).code == label.code  # the code stays; its page tells the truth


@pytest.mark.django_db
def test_the_form_finds_a_typed_code_and_says_what_is_wrong(admitted_x, client):
    (label,) = labels.label_codes_issue(program=admitted_x.program)
    typed = f"{label.code[:4].lower()}-{label.code[4:].lower()}"

    found = client.get("/v/", {"code": typed})
    assert found.status_code == 302 and found["Location"] == f"/v/{label.code}/"
    bad = client.get("/v/", {"code": label.code[:7] + ("0" if label.code[7] != "0" else "1")})
    assert bad.status_code == 400 and "not a label code" in bad.content.decode()
    other = labels.code_new()
    assert client.get("/v/", {"code": other}).status_code == 400
    assert client.get("/v/").status_code == 200
    assert client.get(f"/v/{typed}/")["Location"] == f"/v/{label.code}/"
    assert client.get(f"/v/{other}/").status_code == 404


@pytest.mark.django_db
def test_qr_svg_is_valid_svg_drawing_the_symbol_of_the_verification_url(admitted_x, client):
    """No QR decoder is locked: the test checks the SVG parses, has the quiet zone, and draws
    exactly the modules the encoder (qrcode) gives for the URL, at the smallest version that holds
    the URL's bytes at error correction M. It does not decode the picture."""
    (label,) = labels.label_codes_issue(program=admitted_x.program)
    url = f"http://testserver/v/{label.code}/"

    response = client.get(f"/v/{label.code}/qr.svg")

    assert response["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(response.content)  # noqa: S314 (our own response)
    assert root.tag == f"{SVG}svg"
    size = int(root.get("viewBox").split()[2])  # type: ignore[union-attr]
    n = size - 2 * labels.QUIET
    version = (n - 17) // 4
    assert n == 17 + 4 * version
    byte_capacity_m = {1: 14, 2: 26, 3: 42, 4: 62, 5: 84, 6: 106}
    assert byte_capacity_m[version] >= len(url) > byte_capacity_m.get(version - 1, 0)
    drawn = [[False] * n for _ in range(n)]
    path = root.find(f"{SVG}path").get("d")  # type: ignore[union-attr]
    for x, y, w in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", path):  # type: ignore[arg-type]
        for i in range(int(w)):
            drawn[int(y) - labels.QUIET][int(x) - labels.QUIET + i] = True
    assert drawn == labels.qr_matrix(url)
    assert drawn[0][:7] == [True] * 7  # a finder pattern in the corner


@pytest.mark.django_db
def test_posters_for_those_who_may_see_the_facility(admitted_x, client_as):
    personas = admitted_x
    supplier = client_as("supplier_x")

    page = supplier.get(f"/p/{personas.program.slug}/labels/")

    assert page.status_code == 200
    label = LabelCode.objects.get(program=personas.program, facility=personas.facility_x)  # issued on first request
    assert label.code[:4] in page.content.decode()
    base = f"/p/{personas.program.slug}/labels/{personas.facility_x.public_id}"
    svg = supplier.get(f"{base}/poster.svg")
    root = ET.fromstring(svg.content)  # noqa: S314 (our own response)
    assert root.tag == f"{SVG}svg" and labels.code_display(label.code) in svg.content.decode()
    pdf = supplier.get(f"{base}/poster.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert client_as("supplier_y").get(f"{base}/poster.svg").status_code == 404
    assert client_as("public").get(f"{base}/poster.svg").status_code == 302
    assert client_as("auditor").get(f"/p/{personas.program.slug}/labels/").status_code == 403
    fy = personas.facility_y  # an applicant: no code, no poster
    assert (
        client_as("council_admin").get(f"/p/{personas.program.slug}/labels/{fy.public_id}/poster.svg").status_code
        == 404
    )
    assert not LabelCode.objects.filter(facility=fy).exists()


@pytest.mark.django_db
def test_a_facility_the_program_no_longer_covers_is_not_in_good_standing(admitted_x, client):
    from wsr.core import clock
    from wsr.registry.models import ProgramFacility

    (label,) = labels.label_codes_issue(program=admitted_x.program)
    ProgramFacility.objects.filter(program=admitted_x.program, facility=admitted_x.facility_x).update(
        until=clock.today()
    )

    html = client.get(f"/v/{label.code}/").content.decode()

    assert 'data-good="0"' in html and "The program no longer covers this facility." in html
