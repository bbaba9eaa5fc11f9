"""Writing and reading the event log. Every state-changing service calls ``event_record``."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from wsr.core import clock
from wsr.core.models import Event
from wsr.core.permissions import Actor

logger = logging.getLogger(__name__)


class UnknownEventKind(ValueError):
    """An event kind missing from the catalogue (wsr/core/catalogue.py): a programming error."""


def _check_kind(verb: str) -> None:
    """Every kind must be in the catalogue. Tests (``WSR_STRICT_EVENT_KINDS``) refuse an unknown
    kind; production logs it and still records the event (the fact matters more than its label)."""
    from wsr.core import catalogue

    if catalogue.is_known(verb):
        return
    if getattr(settings, "WSR_STRICT_EVENT_KINDS", False):
        raise UnknownEventKind(
            f"event kind {verb!r} is not in the catalogue: declare it in the domain's events.py enum "
            "and give it a label in wsr/core/catalogue.py"
        )
    logger.error("event kind %r is not in the catalogue (wsr/core/catalogue.py)", verb)


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
    occurred_at: dt.datetime | None = None,
) -> Event:
    _check_kind(verb)
    return Event(
        occurred_at=occurred_at or clock.now(),
        actor_user=actor.user,
        actor_label=actor.label,
        object_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_public_id=str(getattr(obj, "public_id", "") or ""),
        program_public_id=program_public_id,
        verb=str(verb),
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
    occurred_at: dt.datetime | None = None,
) -> Event:
    """One event row. ``occurred_at`` back-dates it (demo data only); the default is now."""
    event = _event_for(
        actor=actor,
        obj=obj,
        verb=verb,
        before=before,
        after=after,
        reason=reason,
        data=data,
        program_public_id=program_public_id,
        occurred_at=occurred_at,
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
    data: dict[str, Any] | None = None,
) -> int:
    """Bulk variant for imports: one event per object, written in batches. ``data`` (the same for
    every row) should name the import (``{"import": <job public id>}``) so histories group them."""
    rows = [
        _event_for(
            actor=actor,
            obj=o,
            verb=verb,
            before="",
            after=after,
            reason=reason,
            data=data,
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
