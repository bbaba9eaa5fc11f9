"""One check of a program's rules (wsr.programs.rules) behind the rules page and the API: wrong
types and values out of range are a 422 naming each field; nothing is stored or published."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import login
from wsr.complaints.sla import CaseEvent, ClockName, EventKind, SlaRules, compute_sla
from wsr.core.models import Event, TransparencyEntry
from wsr.programs.models import RULE_FIELDS, Program

pytestmark = pytest.mark.django_db

URL = "/api/v1/programs/fair-harvest/rules"


def _patch(client: Client, changes: Any, reason: str = "board decision") -> Any:
    return client.patch(URL, json.dumps({"changes": changes, "reason": reason}), content_type="application/json")


def _nothing_changed(program: Program, before: dict[str, Any]) -> None:
    program.refresh_from_db()
    assert program.rules() == before
    assert not Event.objects.filter(verb="program_rules_changed").exists()
    assert not TransparencyEntry.objects.filter(kind="program_rules_changed").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"interview_norm_percent": 500}, "interview_norm_percent", "from 1 to 100"),
        ({"suspension_minimum_days": 0}, "suspension_minimum_days", "from 1 to 3650"),
        ({"premium_kind": "bartered"}, "premium_kind", "Choose one of: per_unit, percent"),
        ({"sla_ack_hours_severe": 0}, "sla_ack_hours_severe", "from 1 to 720"),
        ({"sla_ack_hours_standard": 0}, "sla_ack_hours_standard", "from 1 to 720"),
        ({"sla_investigate_days_severe": 0}, "sla_investigate_days_severe", "from 1 to 365"),
        ({"sla_resolve_days": 0}, "sla_resolve_days", "from 1 to 365"),
        ({"sla_resolve_days": "abc"}, "sla_resolve_days", "whole number"),
        ({"sla_resolve_days": "14"}, "sla_resolve_days", "whole number"),
        ({"sla_resolve_days": -5}, "sla_resolve_days", "whole number"),
        ({"sla_resolve_days": 10**30}, "sla_resolve_days", "whole number"),
        ({"sla_resolve_days": [1]}, "sla_resolve_days", "whole number"),
        ({"sla_resolve_days": 1.5}, "sla_resolve_days", "whole number"),
        ({"sla_resolve_days": True}, "sla_resolve_days", "whole number"),
        ({"sla_resolve_days": None}, "sla_resolve_days", "whole number"),
        ({"premium_unit": ""}, "premium_unit", "short text"),
        ({"premium_unit": "x" * 33}, "premium_unit", "at most 32"),
        ({"premium_basis_points": 10001}, "premium_basis_points", "from 0 to 10000"),
        ({"premium_kind": "percent", "premium_basis_points": 0}, "premium_basis_points", "above 0 basis points"),
        ({"name": "Hacked"}, "name", "Not a rule parameter"),
    ],
)
def test_a_wrong_rule_is_a_422_naming_the_field_and_nothing_is_stored(personas, changes, field, message):
    client = login(Client(), personas.council_admin)
    before = personas.program.rules()

    response = _patch(client, changes)

    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "invalid_rules"
    assert list(body["errors"]) == [field]
    assert message in body["errors"][field]
    _nothing_changed(personas.program, before)


def test_every_wrong_field_is_named_at_once(personas):
    client = login(Client(), personas.council_admin)
    before = personas.program.rules()

    response = _patch(client, {"sla_resolve_days": 7, "sla_ack_hours_severe": 0, "interview_norm_percent": 500}, " ")

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"sla_ack_hours_severe", "interview_norm_percent", "reason"}
    _nothing_changed(personas.program, before)


def test_a_valid_change_is_stored_exactly_as_the_event_records_it(personas):
    client = login(Client(), personas.council_admin)

    response = _patch(client, {"sla_resolve_days": 7, "premium_unit": " box "})

    assert response.status_code == 200
    personas.program.refresh_from_db()
    assert personas.program.sla_resolve_days == 7
    assert personas.program.premium_unit == "box"
    event = Event.objects.get(verb="program_rules_changed")
    assert event.data["changes"] == {
        "sla_resolve_days": {"before": 14, "after": 7},
        "premium_unit": {"before": "lb", "after": "box"},
    }
    published = TransparencyEntry.objects.get(kind="program_rules_changed").payload["rules"]
    assert published["sla_resolve_days"] == 7


def test_the_rules_page_shows_the_refusal_next_to_the_field(personas):
    client = login(Client(), personas.council_admin)
    url = f"/programs/{personas.program.slug}/rules/"
    before = personas.program.rules()
    data = {**before, "sla_ack_hours_severe": "0", "interview_norm_percent": "500", "reason": "tighten"}

    page = client.post(url, data)

    assert page.status_code == 200
    form = page.context["form"]
    assert form.errors["sla_ack_hours_severe"] == ["Enter a whole number from 1 to 720."]
    assert form.errors["interview_norm_percent"] == ["Enter a whole number from 1 to 100."]
    _nothing_changed(personas.program, before)


def test_the_sla_clocks_survive_a_zero_target_stored_before_validation(personas):
    # A program saved before this check may still hold 0: the queue must not divide by zero.
    received = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    rules = SlaRules(sla_ack_hours_severe=0)
    report = compute_sla(
        rules, [CaseEvent(EventKind.RECEIVED, received)], severe=True, now=received + dt.timedelta(hours=1)
    )
    assert report.clocks[ClockName.ACKNOWLEDGE].state == "breached"


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.integers(min_value=-5, max_value=10_001)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
    | st.sampled_from(["per_unit", "percent", "lb", "box", "1", "=1+1"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=5,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.dictionaries(st.sampled_from([*RULE_FIELDS, "name"]), JSON_VALUES, min_size=1, max_size=4))
def test_random_json_is_a_clean_422_or_stored_exactly_as_recorded(personas, changes):
    client = login(Client(), personas.council_admin)
    program = Program.objects.get(pk=personas.program.pk)
    before = program.rules()
    events = Event.objects.filter(verb="program_rules_changed").count()
    entries = TransparencyEntry.objects.filter(kind="program_rules_changed").count()

    response = _patch(client, changes)

    assert response.status_code in (200, 422), response.content
    program.refresh_from_db()
    if response.status_code == 422:
        assert set(response.json()["errors"]) <= {*changes, "premium_basis_points"}
        assert program.rules() == before
        assert Event.objects.filter(verb="program_rules_changed").count() == events
        assert TransparencyEntry.objects.filter(kind="program_rules_changed").count() == entries
        return
    stored = program.rules()
    assert response.json()["rules"] == stored
    diff = {name: value for name, value in stored.items() if value != before[name]}
    if not diff:
        assert Event.objects.filter(verb="program_rules_changed").count() == events
        return
    event = Event.objects.filter(verb="program_rules_changed").latest("pk")
    assert {name: change["after"] for name, change in event.data["changes"].items()} == diff
    assert {name: change["before"] for name, change in event.data["changes"].items()} == {
        name: before[name] for name in diff
    }
    published = TransparencyEntry.objects.filter(kind="program_rules_changed").latest("seq").payload["rules"]
    assert published == stored


def test_the_refusals_are_translated(personas):
    from django.utils import translation

    from wsr.programs.rules import RulesInvalid, program_rules_check

    with translation.override("es"), pytest.raises(RulesInvalid) as refused:
        program_rules_check(current=personas.program.rules(), changes={"sla_resolve_days": 0}, reason="")
    assert refused.value.errors == {
        "sla_resolve_days": "Escriba un número entero de 1 a 365.",
        "reason": "Indique por qué cambian las reglas: el motivo se guarda en el historial.",
    }
