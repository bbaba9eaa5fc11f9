from __future__ import annotations

import pytest

from tests.conftest import login
from wsr.accounts.selectors import actor_for_user
from wsr.core.errors import CapabilityMissing, DomainError
from wsr.core.models import Event, TransparencyEntry
from wsr.core.transparency import transparency_verify
from wsr.programs.services import program_rules_update

pytestmark = pytest.mark.django_db


def test_program_admin_changes_rules_with_event_and_public_log_entry(personas):
    program = personas.program
    program_rules_update(
        actor=actor_for_user(personas.council_admin),
        program=program,
        changes={"suspension_minimum_days": 120, "sla_resolve_days": 10},
        reason="Worker assembly vote",
    )
    program.refresh_from_db()
    assert (program.suspension_minimum_days, program.sla_resolve_days) == (120, 10)
    event = Event.objects.get(verb="program_rules_changed")
    assert event.actor_user == personas.council_admin
    assert event.reason == "Worker assembly vote"
    assert event.data["changes"]["suspension_minimum_days"] == {"before": 90, "after": 120}
    entry = TransparencyEntry.objects.get(stream=program.log_stream, kind="program_rules_changed")
    assert entry.payload["rules"]["suspension_minimum_days"] == 120
    assert entry.payload["changed"] == ["sla_resolve_days", "suspension_minimum_days"]
    assert all(r.ok for r in transparency_verify(program.log_stream))


@pytest.mark.parametrize("who", ["investigator", "worker_org_staff", "brand_a", "supplier_x"])
def test_other_roles_cannot_change_rules(personas, who):
    with pytest.raises(CapabilityMissing):
        program_rules_update(
            actor=actor_for_user(getattr(personas, who)),
            program=personas.program,
            changes={"sla_resolve_days": 1},
            reason="x",
        )
    personas.program.refresh_from_db()
    assert personas.program.sla_resolve_days == 14
    assert not Event.objects.filter(verb="program_rules_changed").exists()


def test_admin_of_one_program_cannot_change_another(personas):
    with pytest.raises(CapabilityMissing):
        program_rules_update(
            actor=actor_for_user(personas.council_admin),
            program=personas.other_program,
            changes={"sla_resolve_days": 1},
            reason="x",
        )


@pytest.mark.parametrize(
    ("changes", "reason", "message"),
    [
        ({"name": "Hacked"}, "x", "Not a rule parameter"),
        ({"sla_resolve_days": 3}, "   ", "Say why"),
        ({"premium_kind": "percent", "premium_basis_points": 0}, "x", "percentage premium"),
    ],
)
def test_bad_rule_changes_are_refused_and_nothing_changes(personas, changes, reason, message):
    with pytest.raises(DomainError, match=message):
        program_rules_update(
            actor=actor_for_user(personas.council_admin), program=personas.program, changes=changes, reason=reason
        )
    personas.program.refresh_from_db()
    assert personas.program.name == "Fair Harvest Program"
    assert personas.program.sla_resolve_days == 14
    assert not TransparencyEntry.objects.filter(kind="program_rules_changed").exists()


def test_rules_page_saves_through_the_service_and_shows_validation_errors(personas, client):
    login(client, personas.council_admin)
    url = f"/programs/{personas.program.slug}/rules/"
    page = client.get(url)
    assert page.status_code == 200
    data = {name: value for name, value in personas.program.rules().items()}
    data.update({"sla_resolve_days": "0", "reason": "tighten"})
    bad = client.post(url, data)
    assert bad.status_code == 200
    assert "Enter a whole number from 1 to 365." in bad.content.decode()
    personas.program.refresh_from_db()
    assert personas.program.sla_resolve_days == 14

    data["sla_resolve_days"] = "7"
    ok = client.post(url, data)
    assert ok.status_code == 302
    personas.program.refresh_from_db()
    assert personas.program.sla_resolve_days == 7
    assert Event.objects.get(verb="program_rules_changed").data["changes"] == {
        "sla_resolve_days": {"before": 14, "after": 7}
    }
    history = client.get(f"/programs/{personas.program.slug}/history/").content.decode()
    assert "Program rules changed" in history and "program_rules_changed" not in history
    assert "tighten" in history


def test_program_admin_adds_a_season_with_event_and_log_entry(personas, client):
    import datetime as dt

    from wsr.programs.services import program_season_add

    actor = actor_for_user(personas.council_admin)
    season = program_season_add(
        actor=actor,
        program=personas.program,
        name="2026-27",
        starts_on=dt.date(2026, 11, 1),
        ends_on=dt.date(2027, 5, 31),
    )
    assert Event.objects.get(verb="season_added").object_id == str(season.pk)
    assert TransparencyEntry.objects.get(kind="season_added").payload["starts_on"] == "2026-11-01"
    with pytest.raises(DomainError, match="overlaps the season 2026-27"):
        program_season_add(
            actor=actor,
            program=personas.program,
            name="late",
            starts_on=dt.date(2027, 5, 1),
            ends_on=dt.date(2027, 9, 1),
        )
    with pytest.raises(DomainError, match="end after it starts"):
        program_season_add(
            actor=actor, program=personas.program, name="x", starts_on=dt.date(2027, 9, 1), ends_on=dt.date(2027, 9, 1)
        )
    with pytest.raises(CapabilityMissing):
        program_season_add(
            actor=actor_for_user(personas.worker_org_staff),
            program=personas.program,
            name="y",
            starts_on=dt.date(2028, 1, 1),
            ends_on=dt.date(2028, 6, 1),
        )
    assert personas.program.seasons.count() == 1

    login(client, personas.council_admin)
    response = client.post(
        f"/programs/{personas.program.slug}/seasons/new/",
        {"name": "2025-26", "starts_on": "2025-11-01", "ends_on": "2026-05-31"},
    )
    assert response.status_code == 302
    assert list(personas.program.seasons.values_list("name", flat=True)) == ["2025-26", "2026-27"]
