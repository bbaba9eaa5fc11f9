"""Files that are not facility lists are refused and change nothing; odd encodings are read right."""

from __future__ import annotations

import io
import os
import random

import pytest
from openpyxl import Workbook

from wsr.core.models import Event
from wsr.core.permissions import Actor
from wsr.registry.importing.reading import parse_worker_count, read_facility_file
from wsr.registry.importing.services import ImportJobRefused, import_job_create
from wsr.registry.models import Facility, ImportJob, ImportRow, ImportStatus, RowOutcome

SYSTEM = Actor.system("import")


def _import(program, data: bytes, filename: str = "list.csv"):
    return import_job_create(actor=SYSTEM, program=program, data=data, filename=filename, run_now=True)


def _refused(program, data: bytes, filename: str = "list.csv") -> str:
    facilities, events = Facility.objects.count(), Event.objects.count()
    with pytest.raises(ImportJobRefused) as caught:
        _import(program, data, filename)
    assert Facility.objects.count() == facilities
    assert Event.objects.count() == events
    assert not ImportRow.objects.exists()
    job = ImportJob.objects.get(pk=caught.value.job.pk)
    assert job.status == ImportStatus.FAILED and job.error == str(caught.value.message)
    return str(caught.value.message)


def test_garbage_bytes_are_refused(personas):
    data = random.Random(7).randbytes(200_000)
    assert "not readable text" in _refused(personas.program, data)


def test_a_file_without_the_required_columns_is_refused(personas):
    message = _refused(personas.program, b"facility,street,nation\nA,B,C\n")
    assert "country" in message and "facility, street, nation" in message


def test_an_empty_file_is_refused(personas):
    assert "empty" in _refused(personas.program, b"")
    assert "no facilities" in _refused(personas.program, b"country,name,address\n\n")


def test_a_file_over_the_size_limit_is_refused(personas, settings):
    settings.WSR_IMPORT_MAX_BYTES = 1000
    data = b"country,name,address\n" + b"BD,Factory,Dhaka\n" * 100
    assert "largest list accepted" in _refused(personas.program, data)


def test_an_old_excel_file_is_refused(personas):
    assert ".xlsx" in _refused(personas.program, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(500), "a.xls")


def test_a_latin1_file_keeps_its_accents(personas):
    text = "country;name;address\nFrance;Société Générale de Confection;12 rue de l'Église, Lyon\n"
    job = _import(personas.program, text.encode("latin-1"))

    assert job.created_count == 1
    assert Facility.objects.get(country="FR").name == "Société Générale de Confection"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
def test_other_encodings_and_delimiters_are_read(personas, encoding):
    text = "Country\tFacility Name\tAddress\tNumber of Workers\nMéxico\tConfección Niño\tCalle 5, León\t1001-5000\n"
    job = _import(personas.program, text.encode(encoding))

    facility = Facility.objects.get(country="MX")
    assert job.created_count == 1
    assert (facility.name, facility.address, facility.worker_count) == ("Confección Niño", "Calle 5, León", 1001)


def test_an_xlsx_list_imports(personas):
    book = Workbook()
    sheet = book.active
    sheet.append(["Country", "Name", "Address", "sector_product_type", "number_of_workers", "lat", "lng"])
    sheet.append(["Bangladesh", "Rahman Knit Ltd", "Plot 5, Ashulia, Savar", "Apparel|T-shirts", 820, 23.9, 90.3])
    sheet.append(["Narnia", "Nowhere Ltd", "1 Lamp Post", "", None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)

    job = _import(personas.program, buffer.getvalue(), "list.xlsx")

    assert (job.created_count, job.rejected_count) == (1, 1)
    facility = Facility.objects.get(name="Rahman Knit Ltd")
    assert (facility.country, facility.worker_count, facility.sectors, facility.product_types) == (
        "BD",
        820,
        ["Apparel"],
        ["T-shirts"],
    )
    assert "Narnia" in ImportRow.objects.get(job=job, outcome=RowOutcome.REJECTED).reason


def test_bad_rows_are_rejected_with_a_reason(personas):
    data = (
        b"country,name,address,lat,lng\n"
        b"Atlantis,Sunk Mill,1 Sea Road,,\n"
        b"BD,,Savar,,\n"
        b"BD,No Address Ltd,,,\n"
        b"BD,Far North Ltd,Savar,95,90\n"
        b"BD,Word Ltd,Savar,north,90\n"
        b"BD,Half Ltd,Savar,23.5,\n"
        b'bangladesh,Good Ltd,"Plot 1, Savar",23.5,90.2\n'
    )
    job = _import(personas.program, data)

    reasons = dict(ImportRow.objects.filter(job=job, outcome=RowOutcome.REJECTED).values_list("line", "reason"))
    assert job.created_count == 1
    assert "Atlantis" in reasons[2]
    assert "name is missing" in reasons[3]
    assert "address is missing" in reasons[4]
    assert "outside" in reasons[5]
    assert "not a number" in reasons[6]
    assert "together" in reasons[7]


def test_worker_counts_keep_exact_numbers_and_band_lower_bounds():
    assert parse_worker_count("1,250") == 1250
    assert parse_worker_count("1001-5000") == 1001
    assert parse_worker_count(">10000") == 10001
    assert parse_worker_count("<1000") is None
    assert parse_worker_count("many") is None
    assert parse_worker_count("") is None


def test_header_variants_are_recognised():
    parsed = read_facility_file(b"COUNTRY , Facility-Name,address ,Parent Company,Latitude,Longitude\nUS,A,B,P,1,2\n")
    assert parsed.columns == ["country", "name", "address", "parent_company", "lat", "lng"]
    assert parsed.rows[0].data["parent_company"] == "P"


def test_a_utf8_file_with_one_windows_1252_byte_is_refused_naming_the_line(personas):
    # Given a UTF-8 list in which one row was pasted from a Windows-1252 editor ("é" as 0xE9)
    good = 'country,name,address\nMexico,Confección Niño,"Calle 5, León"\nPeru,Tejidos Andinos,Lima\n'
    data = good.encode("utf-8") + "Chile,Textil Araucanía,Santiago\n".encode("cp1252")

    # When it is imported, then it is refused (nothing garbled into "ConfecciÃ³n"), naming line 4
    message = _refused(personas.program, data)
    assert "line 4" in message and "UTF-8" in message
    assert not Facility.objects.filter(name__contains="Ã").exists()


def test_a_file_wholly_in_windows_1252_is_still_read(personas):
    data = "country,name,address\nChile,Textil Araucanía,Santiago\nMexico,Confección Niño,León\n".encode("cp1252")

    job = _import(personas.program, data)

    assert job.created_count == 2
    names = set(Facility.objects.filter(country__in=["CL", "MX"]).values_list("name", flat=True))
    assert names == {"Textil Araucanía", "Confección Niño"}
