"""Completeness, language fallback, the version in force on a date, and the diff."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from wsr.accounts.selectors import actor_for_user
from wsr.standards.selectors import (
    code_completeness,
    code_localised,
    code_version_diff,
    code_version_in_force,
    code_version_public,
    fallback_chain,
    provision_in_force,
    word_diff,
)
from wsr.standards.services import (
    code_version_adopt,
    code_version_approve,
    code_version_create,
    code_version_propose,
    provision_add,
    provision_remove,
    provision_update,
)

pytestmark = pytest.mark.django_db


def at(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC), tick=False)


def test_completeness_counts_provisions_with_text_per_language(code_builder):
    version = code_builder("draft")
    rows = {c.language: (c.complete, c.total, c.percent) for c in code_completeness(version)}
    # 3 provisions: en has all, es two, ht one (percent rounds down)
    assert rows == {"en": (3, 3, 100), "es": (2, 3, 66), "ht": (1, 3, 33)}


def test_a_title_without_text_does_not_count_as_translated(personas, code_builder):
    version = code_builder("draft")
    provision_update(
        actor=actor_for_user(personas.council_admin),
        provision=version.provisions.get(ref="3.1"),
        category="wages_hours",
        tier="minor",
        order=30,
        texts={"en": {"title": "Clear payslips", "text": "Hours and premium."}, "ht": {"title": "Fich", "text": ""}},
    )
    ht = next(c for c in code_completeness(version) if c.language == "ht")
    assert (ht.complete, ht.percent) == (1, 33)


def test_fallback_goes_requested_then_program_default_then_english(personas, code_builder):
    version = code_builder("adopted")
    assert fallback_chain(personas.program, "ht") == ["ht", "en"]
    by_ref = {p.ref: p for p in code_localised(version, "ht")}
    assert (by_ref["1.1"].language, by_ref["1.1"].is_fallback) == ("ht", False)
    assert (by_ref["2.1"].language, by_ref["2.1"].text, by_ref["2.1"].is_fallback) == (
        "en",
        "Shade and cool water near every work area.",
        True,
    )
    es = {p.ref: p for p in code_localised(version, "es")}
    assert es["2.1"].text == "Sombra y agua fresca cerca de cada área de trabajo."
    assert es["3.1"].language == "en"


def test_fallback_prefers_the_program_default_language_over_english(personas):
    program = personas.program
    program.languages = ["es", "en", "ht"]
    program.save()
    admin = actor_for_user(personas.council_admin)
    version = code_version_create(actor=admin, program=program)
    provision_add(
        actor=admin,
        version=version,
        ref="1",
        category="other",
        tier="minor",
        texts={"es": {"title": "Título", "text": "Texto en español"}, "en": {"title": "Title", "text": "English"}},
    )
    assert fallback_chain(program, "ht") == ["ht", "es", "en"]
    [p] = code_localised(version, "ht")
    assert (p.language, p.text) == ("es", "Texto en español")


def test_version_in_force_follows_the_adoption_dates(personas, code_builder):
    program = personas.program
    with at(dt.date(2025, 1, 10)):
        v1 = code_builder("adopted")
    with at(dt.date(2025, 6, 1)):
        draft = code_builder("draft", based_on=v1)
        admin = actor_for_user(personas.council_admin)
        provision_update(
            actor=admin,
            provision=draft.provisions.get(ref="2.1"),
            category="health_safety",
            tier="zero_tolerance",
            order=20,
            texts={"en": {"title": "Shade and water", "text": "Shade, water and paid rest in the heat."}},
        )
        provision_remove(actor=admin, provision=draft.provisions.get(ref="3.1"))
        draft = code_version_propose(actor=admin, version=draft)
        draft = code_version_approve(actor=actor_for_user(personas.worker_org_staff), version=draft)
        v2 = code_version_adopt(actor=admin, version=draft)

    assert code_version_in_force(program, dt.date(2025, 1, 9)) is None
    assert code_version_in_force(program, dt.date(2025, 1, 10)) == v1
    assert code_version_in_force(program, dt.date(2025, 5, 31)) == v1
    assert code_version_in_force(program, dt.date(2025, 6, 1)) == v2
    assert code_version_in_force(program, dt.date(2030, 1, 1)) == v2

    march = provision_in_force(program, "2.1", dt.date(2025, 3, 1))
    july = provision_in_force(program, "2.1", dt.date(2025, 7, 1))
    assert (march.version, march.tier) == (v1, "serious")
    assert (july.version, july.tier) == (v2, "zero_tolerance")
    assert provision_in_force(program, "3.1", dt.date(2025, 3, 1)) is not None
    assert provision_in_force(program, "3.1", dt.date(2025, 7, 1)) is None  # removed in v2
    assert provision_in_force(program, "2.1", dt.date(2024, 12, 31)) is None


def test_a_version_adopted_for_a_future_date_is_in_force_only_from_then(personas, code_builder):
    program = personas.program
    with at(dt.date(2025, 1, 10)):
        v1 = code_builder("adopted")
        v2 = code_builder("approved", based_on=v1)
        v2 = code_version_adopt(
            actor=actor_for_user(personas.council_admin), version=v2, effective_from=dt.date(2025, 3, 1)
        )
        assert code_version_public(program) == v1  # still the one in force today
    assert code_version_in_force(program, dt.date(2025, 2, 28)) == v1
    assert code_version_in_force(program, dt.date(2025, 3, 1)) == v2


def test_drafts_and_proposals_are_never_in_force(personas, code_builder):
    code_builder("proposed")
    code_builder("approved")
    code_builder("draft")
    assert code_version_in_force(personas.program, dt.date.today()) is None
    assert code_version_public(personas.program) is None


def test_word_diff_marks_deleted_and_inserted_words():
    old, new = word_diff("Rest in the shade when needed.", "Rest in the shade every hour when hot.")
    assert [s.text for s in old if s.op == "del"] == ["needed."]
    assert [s.text for s in new if s.op == "ins"] == ["every hour ", "hot."]
    assert "".join(s.text for s in old) == "Rest in the shade when needed."
    assert "".join(s.text for s in new) == "Rest in the shade every hour when hot."


def test_diff_lists_added_removed_and_changed_provisions(personas, code_builder):
    admin = actor_for_user(personas.council_admin)
    v1 = code_builder("adopted")
    v2 = code_version_create(actor=admin, program=personas.program, based_on=v1)
    provision_update(
        actor=admin,
        provision=v2.provisions.get(ref="2.1"),
        category="health_safety",
        tier="zero_tolerance",
        order=20,
        texts={
            "en": {"title": "Shade and water", "text": "Shade and cool water near every crew."},
            "es": {"title": "Sombra y agua", "text": "Sombra y agua fresca cerca de cada área de trabajo."},
        },
    )
    provision_remove(actor=admin, provision=v2.provisions.get(ref="3.1"))
    provision_add(
        actor=admin,
        version=v2,
        ref="4.1",
        category="retaliation",
        tier="serious",
        texts={"en": {"title": "No retaliation", "text": "No one is punished for a complaint."}},
    )
    rows = {r.ref: r for r in code_version_diff(v1, v2)}
    assert {ref: r.change for ref, r in rows.items()} == {
        "1.1": "same",
        "2.1": "changed",
        "4.1": "added",
        "3.1": "removed",
    }
    changed = rows["2.1"]
    assert changed.tier_changed and not changed.category_changed
    assert (changed.old_tier, changed.new_tier) == ("serious", "zero_tolerance")
    en = next(t for t in changed.texts if t.language == "en")
    es = next(t for t in changed.texts if t.language == "es")
    assert en.changed and not es.changed
    assert [s.text for s in en.old if s.op == "del"] == ["work area."]
    assert [s.text for s in en.new if s.op == "ins"] == ["crew."]
    assert rows["3.1"].texts[0].old_title == "Clear payslips" and rows["3.1"].texts[0].new_title == ""
    assert rows["4.1"].texts[0].new_title == "No retaliation"
