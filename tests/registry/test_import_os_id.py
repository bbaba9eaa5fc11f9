"""Open Supply Hub interoperability: a list's OS IDs are kept, matched on first, and exported."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.core.management import call_command

from wsr.core.permissions import Actor
from wsr.registry.importing.services import import_job_create
from wsr.registry.models import Facility, ImportRow, RowOutcome

SYSTEM = Actor.system("import")


def _import(program, tmp_path: Path, name: str, body: str):
    path = tmp_path / name
    path.write_text("country,name,address,os_id\n" + body, encoding="utf-8")
    return import_job_create(
        actor=SYSTEM, program=program, data=path.read_bytes(), filename=name, run_now=True, accept_out_of_scope=True
    )


def test_an_os_id_is_kept_and_matched_first_whatever_the_spelling(personas, tmp_path):
    first = _import(
        personas.program, tmp_path, "a.csv", 'CN,Taizhou Baolite Shoes,"Oufeng Road, Wenling",CN2019303BQ3FZP\n'
    )
    facility = ImportRow.objects.get(job=first, line=2).facility
    assert facility.os_id == "CN2019303BQ3FZP"

    # Another list spells it quite differently but carries the same OS ID (lower case)
    second = _import(personas.program, tmp_path, "b.csv", 'China,BLT Footwear Factory,"Zeguo Town",cn2019303bq3fzp\n')

    row = ImportRow.objects.get(job=second, line=2)
    assert row.outcome == RowOutcome.MATCHED and row.facility == facility
    assert row.data["match"][0][0] == "os_id"


def test_two_different_os_ids_are_two_facilities_even_with_the_same_name_and_address(personas, tmp_path):
    _import(personas.program, tmp_path, "a.csv", "CN,Alpha Shoes,Zeguo Town Wenling,CN2019303BQ3FZP\n")
    job = _import(personas.program, tmp_path, "b.csv", "CN,Alpha Shoes,Zeguo Town Wenling,CN2020001ABCDEF\n")

    assert job.created_count == 1
    assert set(Facility.objects.filter(name="Alpha Shoes").values_list("os_id", flat=True)) == {
        "CN2019303BQ3FZP",
        "CN2020001ABCDEF",
    }


def test_a_matched_facility_without_an_os_id_gets_the_lists_one(personas, tmp_path):
    _import(personas.program, tmp_path, "a.csv", 'VN,Saigon Stitchworks Co. Ltd.,"12 Tan Thuan Road, District 7",\n')
    job = _import(
        personas.program,
        tmp_path,
        "b.csv",
        'VN,SAIGON STITCHWORKS CO LTD,"12 Tan Thuan Road, District 7",VN2021100XYZ123\n',
    )

    row = ImportRow.objects.get(job=job, line=2)
    assert row.outcome == RowOutcome.MATCHED
    assert Facility.objects.get(pk=row.facility_id).os_id == "VN2021100XYZ123"


def test_a_malformed_os_id_rejects_the_row_with_a_reason(personas, tmp_path):
    job = _import(personas.program, tmp_path, "a.csv", "CN,Alpha Shoes,Zeguo Town,not-an-id\n")

    row = ImportRow.objects.get(job=job, line=2)
    assert row.outcome == RowOutcome.REJECTED and "OS ID" in row.reason


def test_the_export_carries_the_os_id(personas, tmp_path):
    _import(personas.program, tmp_path, "a.csv", "CN,Alpha Shoes,Zeguo Town,CN2019303BQ3FZP\n")
    out = io.StringIO()
    call_command("export_facilities", "--program", personas.program.slug, stdout=out)

    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert next(r for r in rows if r["name"] == "Alpha Shoes")["os_id"] == "CN2019303BQ3FZP"
