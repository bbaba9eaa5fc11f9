"""Writing and reading the event log. Every state-changing service calls ``event_record``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from wsr.core import clock
from wsr.core.models import Event
from wsr.core.permissions import Actor


def _event_for(
    *,
    actor: Actor,
    obj: models.Model,
    verb: str,
    before: str,
    after: str,
    reason: str,
    data: dict[str, Any] | None,
    program_public_id: str,
) -> Event:
    return Event(
        occurred_at=clock.now(),
        actor_user=actor.user,
        actor_label=actor.label,
        object_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_public_id=str(getattr(obj, "public_id", "") or ""),
        program_public_id=program_public_id,
        verb=verb,
        before=str(before or ""),
        after=str(after or ""),
        reason=reason,
        data=data or {},
    )


def event_record(
    *,
    actor: Actor,
    obj: models.Model,
    verb: str,
    before: str = "",
    after: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
    program_public_id: str = "",
) -> Event:
    event = _event_for(
        actor=actor,
        obj=obj,
        verb=verb,
        before=before,
        after=after,
        reason=reason,
        data=data,
        program_public_id=program_public_id,
    )
    event.save()
    return event


def event_record_many(
    *,
    actor: Actor,
    objs: Iterable[models.Model],
    verb: str,
    after: str = "",
    reason: str = "",
    program_public_id: str = "",
    batch_size: int = 1000,
) -> int:
    """Bulk variant for imports: one event per object, written in batches."""
    rows = [
        _event_for(
            actor=actor,
            obj=o,
            verb=verb,
            before="",
            after=after,
            reason=reason,
            data=None,
            program_public_id=program_public_id,
        )
        for o in objs
    ]
    Event.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


def events_for_object(obj: models.Model) -> models.QuerySet[Event]:
    return Event.objects.filter(
        object_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor_user")
