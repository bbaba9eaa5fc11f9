"""Helpers shared by the audit services: events (optionally back-dated for the demo), public facts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from wsr.core import clock
from wsr.core.errors import ConcurrentChange
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
    event = event_record(actor=actor, obj=obj, verb=verb, program_public_id=program.public_id, **kwargs)
    if at is not None:
        Event.objects.filter(pk=event.pk).update(occurred_at=at)
        event.occurred_at = at
    return event


def publish(program: Program, kind: str, payload: dict[str, Any]) -> None:
    transparency_append(stream=program.log_stream, kind=kind, payload=payload)


def move(model: type[models.Model], obj: models.Model, *, expected: str, field: str = "state", **changes: Any) -> None:
    """Conditional update: only if the row is still in ``expected``; copies the changes onto ``obj``."""
    moved = model._default_manager.filter(pk=obj.pk, **{field: expected}).update(**changes)
    if moved != 1:
        raise ConcurrentChange(str(model._meta.verbose_name))
    for name, value in changes.items():
        setattr(obj, name, value)
