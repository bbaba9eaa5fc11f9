"""Coverage arithmetic, seasons and file sniffing: pure functions, no database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from wsr.core.files import sniff
from wsr.education.coverage import (
    SessionFigures,
    coverage_percent,
    norm_gap,
    norm_met,
    season_current,
    season_for,
    tally,
)


@dataclass
class S:
    name: str
    starts_on: dt.date
    ends_on: dt.date


SEASONS = [
    S("2024-25", dt.date(2024, 11, 1), dt.date(2025, 5, 31)),
    S("2025-26", dt.date(2025, 11, 1), dt.date(2026, 5, 31)),
]


@pytest.mark.parametrize(
    ("reached", "workforce", "expected"),
    [
        (0, 250, 0),
        (125, 250, 50),
        (249, 250, 99),  # rounded down: 99.6 % is not "everyone"
        (250, 250, 100),
        (400, 250, 100),  # seasonal turnover: capped at 100
        (1, 3, 33),
        (10, None, None),  # workforce unknown
        (10, 0, None),
    ],
)
def test_coverage_is_a_whole_percent_rounded_down_and_capped(reached, workforce, expected):
    assert coverage_percent(reached, workforce) == expected


def test_the_norm_counts_on_the_clock_sessions_and_the_gap_never_goes_negative():
    assert (norm_gap(0, 2), norm_gap(1, 2), norm_gap(2, 2), norm_gap(5, 2)) == (2, 1, 0, 0)
    assert not norm_met(1, 2) and norm_met(2, 2) and norm_met(0, 0)


def test_tally_adds_sessions_paid_sessions_attendees_and_workers_reached():
    t = tally([SessionFigures(True, 40, 40), SessionFigures(False, 30, 10), SessionFigures(True, 25, 5)])
    assert (t.sessions, t.on_the_clock, t.attendees, t.reached) == (3, 2, 95, 55)


def test_a_day_belongs_to_the_season_that_contains_it_boundaries_included():
    assert season_for(dt.date(2025, 11, 1), SEASONS).name == "2025-26"
    assert season_for(dt.date(2025, 5, 31), SEASONS).name == "2024-25"
    assert season_for(dt.date(2025, 7, 4), SEASONS) is None


def test_the_current_season_is_the_one_running_else_the_latest_started():
    assert season_current(dt.date(2026, 1, 5), SEASONS).name == "2025-26"
    assert season_current(dt.date(2025, 8, 1), SEASONS).name == "2024-25"  # between seasons
    assert season_current(dt.date(2020, 1, 1), SEASONS).name == "2024-25"  # before any: the first
    assert season_current(dt.date(2026, 1, 5), []) is None


@pytest.mark.parametrize(
    ("head", "kind", "content_type"),
    [
        (b"%PDF-1.7\n", "pdf", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image", "image/jpeg"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "image", "image/webp"),
        (b"ID3\x04\x00\x00\x00\x00", "audio", "audio/mpeg"),
        (b"\xff\xfb\x90\x64\x00", "audio", "audio/mpeg"),
        (b"\x00\x00\x00\x20ftypM4A \x00\x00", "audio", "audio/mp4"),
        (b"OggS\x00\x02\x00\x00", "audio", "audio/ogg"),
    ],
)
def test_accepted_files_are_recognised_by_their_first_bytes(head, kind, content_type):
    found = sniff(head)
    assert found is not None and (found.kind, found.content_type) == (kind, content_type)


@pytest.mark.parametrize(
    "head",
    [
        b"<html><script>",
        b"MZ\x90\x00",  # a Windows executable
        b"PK\x03\x04",  # a zip (docx, xlsx...)
        b"GIF89a",
        b"\x00\x00\x00\x20ftypqt  ",  # a QuickTime video
        b"",
    ],
)
def test_anything_else_is_not_an_accepted_file(head):
    assert sniff(head) is None
