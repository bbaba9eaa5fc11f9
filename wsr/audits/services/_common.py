"""Helpers shared by the audit services: events (optionally back-dated for the demo), public facts.
State changes go through ``wsr.core.workflow.workflow_step``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from wsr.core import clock
from wsr.core.events import event_record
from wsr.core.models import Event
from wsr.core.permissions import Actor
from wsr.core.transparency import transparency_append
from wsr.programs.models import Program


def held(actor: Actor, program_id: int) -> frozenset[str]:
    return frozenset(actor.grants.get(program_id, frozenset()))


def when(at: dt.datetime | None) -> dt.datetime:
    """The moment a step happened: now, or (demo only) an earlier moment given by the caller."""
    return at or clock.now()


def record(
    actor: Actor, obj: models.Model, verb: str, program: Program, *, at: dt.datetime | None = None, **kwargs: Any
) -> Event:
    return event_record(actor=actor, obj=obj, verb=verb, program_public_id=program.public_id, occurred_at=at, **kwargs)


def publish(program: Program, kind: str, payload: dict[str, Any]) -> None:
    transparency_append(stream=program.log_stream, kind=kind, payload=payload)
