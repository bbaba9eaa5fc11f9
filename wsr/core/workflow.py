"""The one workflow step every domain goes through (docs/decisions/0021-one-workflow-step.md).

A service asks for a step; ``workflow_step``:

1. asks the domain's pure transitions function whether ``current -> to`` is allowed for the
   capabilities the actor holds in the program (nothing is written when it refuses);
2. inside ``transaction.atomic()`` applies it with one conditional update,
   ``UPDATE ... SET <state>=<to>, <changes> WHERE pk=<pk> AND <state>=<as read> [AND <guard>]``, and
   raises ``ConcurrentChange`` unless exactly one row moved (someone else moved it meanwhile: the
   same on SQLite and PostgreSQL, no row locks held across the request);
3. refreshes the changed fields from the database, writes the event row (actor, kind, before,
   after, reason, data), appends the public fact to the program's transparency log when there is
   one, runs the side effects inside the transaction (outbox rows, child rows) and registers the
   callbacks that must wait for the commit.

With ``to=None`` the step changes fields without moving the state (an edit), still guarded by the
state as read (and whatever ``guard`` adds, e.g. ``updated_at`` for optimistic locking).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol, TypeVar

from django.db import models, transaction

from wsr.core import clock
from wsr.core.errors import ConcurrentChange
from wsr.core.events import event_record
from wsr.core.permissions import Actor
from wsr.core.transparency import transparency_append

M = TypeVar("M", bound=models.Model)

# A domain's pure move check: ``check(current, target, held, **extra)`` raises a DomainError to refuse.
Rules = Callable[..., None]
Payload = Mapping[str, Any] | Callable[[Any], Mapping[str, Any]]

AUTO = "__auto__"
STATE_FIELDS = ("status", "state")


class ProgramLike(Protocol):
    """What the step needs of a program (core knows no domain models)."""

    pk: Any
    public_id: str

    @property
    def log_stream(self) -> str: ...


def _field_names(model: type[models.Model]) -> set[str]:
    return {f.name for f in model._meta.concrete_fields}


def state_field_of(model: type[models.Model]) -> str | None:
    names = _field_names(model)
    return next((name for name in STATE_FIELDS if name in names), None)


def conditional_update(
    obj: models.Model, *, expect: Mapping[str, Any], changes: Mapping[str, Any], what: str = ""
) -> None:
    """``UPDATE ... WHERE pk=<pk> AND <expect>``; ``ConcurrentChange`` unless exactly one row moved.

    The one guarded write of the platform: ``workflow_step`` is built on it."""
    model = type(obj)
    moved = model._default_manager.filter(pk=obj.pk, **expect).update(**changes)
    if moved != 1:
        raise ConcurrentChange(what or str(model._meta.verbose_name))


def _resolve(payload: Payload | None, obj: Any) -> dict[str, Any] | None:
    if payload is None:
        return None
    return dict(payload(obj) if callable(payload) else payload)


def held_in(actor: Actor, program: ProgramLike) -> frozenset[str]:
    return frozenset(actor.grants.get(program.pk, frozenset()))


def workflow_step(
    *,
    actor: Actor,
    obj: M,
    event: str,
    program: ProgramLike,
    to: str | None = None,
    rules: Rules | None = None,
    rules_kwargs: Mapping[str, Any] | None = None,
    state_field: str | None = AUTO,
    changes: Mapping[str, Any] | None = None,
    guard: Mapping[str, Any] | None = None,
    stamp: str | None = "updated_at",
    reason: str = "",
    data: Payload | None = None,
    public: Payload | None = None,
    public_kind: str = "",
    event_before: str | None = None,
    event_after: str | None = None,
    side_effects: Iterable[Callable[[M], object]] = (),
    on_commit: Iterable[Callable[[], object]] = (),
    occurred_at: dt.datetime | None = None,
    what: str = "",
) -> M:
    """Move ``obj`` to ``to`` (or, with ``to=None``, change ``changes`` in its current state).

    ``rules`` is the domain's pure check (e.g. ``transitions.check_cap_move``), called with the
    state as read, the target, the actor's capabilities in ``program`` and ``rules_kwargs``.
    ``stamp`` names a timestamp field set to the step's moment when the model has it.
    ``data`` and ``public`` may be callables of the updated object (the public payload usually
    shows the new state). The event's before/after default to the states (empty for an edit).
    ``occurred_at`` back-dates the event (demo data only). Returns ``obj``, refreshed."""
    model = type(obj)
    field = state_field_of(model) if state_field == AUTO else state_field
    current = str(getattr(obj, field)) if field else ""
    if to is not None:
        if field is None:
            raise ValueError(f"{model.__name__} has no state field to move")
        if rules is None:
            raise ValueError("a move needs the domain's transition rules")
        rules(current, to, held_in(actor, program), **(rules_kwargs or {}))
    values: dict[str, Any] = dict(changes or {})
    if to is not None and field is not None:
        values[field] = to
    if stamp and stamp not in values and stamp in _field_names(model):
        values[stamp] = occurred_at or clock.now()
    expect: dict[str, Any] = {field: current} if field else {}
    expect.update(guard or {})
    with transaction.atomic():
        if values:
            conditional_update(obj, expect=expect, changes=values, what=what)
            obj.refresh_from_db(fields=list(values))
        else:
            conditional_update(obj, expect=expect, changes={field or "pk": getattr(obj, field or "pk")}, what=what)
        event_record(
            actor=actor,
            obj=obj,
            verb=event,
            before=current if event_before is None and to is not None else (event_before or ""),
            after=str(to) if event_after is None and to is not None else (event_after or ""),
            reason=reason,
            data=_resolve(data, obj),
            program_public_id=program.public_id,
            occurred_at=occurred_at,
        )
        payload = _resolve(public, obj)
        if payload is not None:
            transparency_append(stream=program.log_stream, kind=public_kind or str(event), payload=payload)
        for effect in side_effects:
            effect(obj)
        for callback in on_commit:
            transaction.on_commit(callback)
    return obj
