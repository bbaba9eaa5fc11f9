"""import_facilities and export_facilities."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from wsr.registry.models import Facility

LISTS = Path(__file__).resolve().parents[1] / "data" / "facility-lists"


def _import_json(*args: str) -> dict:
    out = io.StringIO()
    call_command("import_facilities", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_import_command_prints_a_json_summary(personas):
    files = [str(LISTS / "brand-list-6.csv"), str(LISTS / "brand-list-8.csv")]

    summary = _import_json("--program", "fair-harvest", *files)

    assert [f["file"] for f in summary["files"]] == files
    for key in ("created", "matched", "review", "rejected"):
        assert summary[key] == sum(f[key] for f in summary["files"])
    assert summary["created"] == Facility.objects.filter(program_links__program=personas.program).count() - 2
    assert summary["files"][1]["matched"] >= 2  # GFSI - Lenexa and GTM Sportwear are in both lists
    for f in summary["files"]:
        assert len(f["rejected_rows"]) == f["rejected"]


def test_import_command_lists_rejected_rows(personas, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("country,name,address\nAtlantis,Sunk Mill,1 Sea Road\nUS,Good Farm,1 Road\n")

    summary = _import_json("--program", "fair-harvest", str(path))

    assert summary["rejected"] == 1
    assert summary["files"][0]["rejected_rows"] == [{"line": 2, "reason": "Unknown country 'Atlantis'"}]


def test_import_command_records_a_brand(personas):
    brand = personas.brand_a.organisation
    out = io.StringIO()
    call_command(
        "import_facilities",
        "--program",
        "fair-harvest",
        "--brand",
        brand.name,
        str(LISTS / "brand-list-3.csv"),
        stdout=out,
    )
    assert "brand-list-3.csv" in out.getvalue()
    assert brand.sourcing.count() > 1


def test_import_command_refuses_an_unknown_program(db):
    with pytest.raises(CommandError, match="No program"):
        call_command("import_facilities", "--program", "nope", str(LISTS / "brand-list-3.csv"))


def test_import_command_reports_a_refused_file(personas, tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("a,b\n1,2\n")
    out = io.StringIO()
    with pytest.raises(CommandError, match="refused"):
        call_command("import_facilities", "--program", "fair-harvest", "--json", str(path), stdout=out)
    assert "required columns" in json.loads(out.getvalue())["files"][0]["error"]


def test_export_then_reimport_creates_nothing(personas, tmp_path):
    _import_json("--program", "fair-harvest", str(LISTS / "brand-list-2.csv"), str(LISTS / "brand-list-6.csv"))
    out = io.StringIO()

    call_command("export_facilities", "--program", "fair-harvest", stdout=out)

    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == [
        "country",
        "name",
        "address",
        "sector_product_type",
        "facility_type_processing_type",
        "number_of_workers",
        "parent_company",
        "lat",
        "lng",
        "os_id",
        "public_id",
    ]
    assert len(rows) == Facility.objects.filter(program_links__program=personas.program).count()
    mount_airy = next(r for r in rows if r["name"] == "Mount Airy Sock")
    assert mount_airy["sector_product_type"] == "Apparel|Mining"
    assert mount_airy["lat"] == "36.497605"
    path = tmp_path / "export.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    summary = _import_json("--program", "fair-harvest", str(path))
    assert summary["created"] == 0
    assert summary["matched"] == len(rows)


def test_export_refuses_an_unknown_program(db):
    with pytest.raises(CommandError):
        call_command("export_facilities", "--program", "nope", stdout=io.StringIO())


def test_processing_types_survive_import_and_export(personas, tmp_path):
    path = tmp_path / "osh.csv"
    path.write_text(
        "country,name,address,sector_product_type,facility_type_processing_type,number_of_workers,parent_company\n"
        'Bangladesh,Rupsha Knit Ltd,"Plot 9, Ashulia, Savar",Apparel|Knitwear,Cut and Sew|Dyeing,1200,Rupsha Group\n',
        encoding="utf-8",
    )
    _import_json("--program", "fair-harvest", str(path))
    facility = Facility.objects.get(name="Rupsha Knit Ltd")
    assert facility.facility_types == ["Cut and Sew", "Dyeing"]
    assert facility.worker_count == 1200
    assert facility.worker_band == "1001-5000"
    out = io.StringIO()
    call_command("export_facilities", "--program", "fair-harvest", stdout=out)
    row = next(r for r in csv.DictReader(io.StringIO(out.getvalue())) if r["name"] == "Rupsha Knit Ltd")
    assert row["facility_type_processing_type"] == "Cut and Sew|Dyeing"
    assert row["parent_company"] == "Rupsha Group"


def test_the_command_warns_about_rows_outside_the_program(personas):
    out, err = io.StringIO(), io.StringIO()

    call_command(
        "import_facilities", "--program", "fair-harvest", str(LISTS / "brand-list-3.csv"), stdout=out, stderr=err
    )

    assert "outside the program" in err.getvalue()
    summary = _import_json("--program", "fair-harvest", str(LISTS / "brand-list-3.csv"))
    assert summary["files"][0]["outside_program"] > 0
