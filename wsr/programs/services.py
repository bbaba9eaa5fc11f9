"""Writes to programs. Each change records an event; public rule changes go to the log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from wsr.core.errors import ConcurrentChange, DomainError
from wsr.core.events import event_record
from wsr.core.permissions import Actor
from wsr.core.transparency import transparency_append
from wsr.programs.capabilities import ProgramCapability
from wsr.programs.errors import ProgramErrorCode
from wsr.programs.models import Program, ReportingSeason
from wsr.programs.rules import program_rules_check


def _jsonable(value: Any) -> Any:
    return value if isinstance(value, (int, str, bool)) or value is None else str(value)


def program_rules_update(*, actor: Actor, program: Program, changes: dict[str, Any], reason: str) -> Program:
    """Change some of a program's rule parameters.

    Checks the whole change first (``wsr.programs.rules``: unknown fields, wrong types, values
    out of range, an empty reason; ``RulesInvalid`` names each wrong field and nothing is stored);
    records one event per call listing every field's before and after, and appends the new rules
    to the transparency log (rules are public: brands, suppliers and workers must know them).
    """
    actor.require(ProgramCapability.EDIT_RULES, program.pk)
    changes = program_rules_check(current=program.rules(), changes=changes, reason=reason)
    diff = {
        name: {"before": _jsonable(getattr(program, name)), "after": _jsonable(value)}
        for name, value in changes.items()
        if getattr(program, name) != value
    }
    if not diff:
        return program
    with transaction.atomic():
        expected = {name: getattr(program, name) for name in diff}
        moved = Program.objects.filter(pk=program.pk, **expected).update(**{name: changes[name] for name in diff})
        if moved != 1:
            raise ConcurrentChange("program")
        program.refresh_from_db()
        event_record(
            actor=actor,
            obj=program,
            verb="program_rules_changed",
            reason=reason.strip(),
            data={"changes": diff},
            program_public_id=program.public_id,
        )
        transparency_append(
            stream=program.log_stream,
            kind="program_rules_changed",
            payload={
                "program": program.public_id,
                "changed": sorted(diff),
                "rules": {name: _jsonable(v) for name, v in program.rules().items()},
            },
        )
    return program


# Slugs that would shadow fixed URLs such as /report/status/.
RESERVED_SLUGS = frozenset({"status", "new", "public", "api", "admin", "static", "media"})


def program_create(*, actor: Actor, fields: dict[str, Any]) -> Program:
    """Create a program (platform operators and the demo loader)."""
    if str(fields.get("slug", "")).lower() in RESERVED_SLUGS:
        raise DomainError(
            f"The address name '{fields['slug']}' is reserved; choose another slug.",
            code=ProgramErrorCode.SLUG_RESERVED,
        )
    with transaction.atomic():
        program = Program.objects.create(**fields)
        event_record(
            actor=actor, obj=program, verb="program_created", after=program.slug, program_public_id=program.public_id
        )
        transparency_append(
            stream=program.log_stream,
            kind="program_created",
            payload={
                "program": program.public_id,
                "slug": program.slug,
                "name": program.name,
                "sector": program.sector,
                "countries": list(program.countries),
                "languages": list(program.languages),
                "currency": program.currency,
                "worker_organisation": program.worker_organisation.public_id,
                "monitoring_body": program.monitoring_body.public_id,
                "rules": {name: _jsonable(v) for name, v in program.rules().items()},
            },
        )
    return program


def program_season_add(
    *, actor: Actor, program: Program, name: str, starts_on: dt.date, ends_on: dt.date
) -> ReportingSeason:
    """Add a season (agriculture) or reporting period (garment); seasons never overlap."""
    actor.require(ProgramCapability.EDIT_RULES, program.pk)
    name = name.strip()
    if not name:
        raise DomainError("Give the season a name, e.g. 2026-27.", code=ProgramErrorCode.SEASON_NAME_MISSING)
    if ends_on <= starts_on:
        raise DomainError("A season must end after it starts.", code=ProgramErrorCode.SEASON_ENDS_BEFORE_START)
    with transaction.atomic():
        if program.seasons.filter(name=name).exists():
            raise DomainError(f"There is already a season called {name}.", code=ProgramErrorCode.SEASON_NAME_TAKEN)
        clash = program.seasons.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).first()
        if clash is not None:
            raise DomainError(
                f"It overlaps the season {clash.name} ({clash.starts_on} – {clash.ends_on}).",
                code=ProgramErrorCode.SEASON_OVERLAPS,
            )
        season = ReportingSeason.objects.create(program=program, name=name, starts_on=starts_on, ends_on=ends_on)
        event_record(
            actor=actor,
            obj=season,
            verb="season_added",
            after=name,
            data={"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
            program_public_id=program.public_id,
        )
        transparency_append(
            stream=program.log_stream,
            kind="season_added",
            payload={
                "program": program.public_id,
                "name": name,
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
            },
        )
    return season
