"""One way for a page to call a service: ``run_service`` turns a refusal (``DomainError``) into the
page's answer, a form error or a flash message, and hands back the service's result otherwise.

    outcome = run_service(lambda: services.audit_cancel(actor=actor, audit=audit, reason=reason), form=form)
    if outcome.ok:
        return redirect(...)
    return render(...)  # the form shows the refusal

``NotFound`` is not a ``DomainError``: it passes through and becomes a 404.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from django.contrib import messages
from django.http import HttpRequest

from wsr.core.errors import DomainError

T = TypeVar("T")
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a service call gave: its result, or the refusal (already shown to the person)."""

    result: T | None
    error: DomainError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def value(self) -> T:
        if self.error is not None:
            raise self.error
        return cast(T, self.result)


def run_service(
    call: Callable[[], T],
    *,
    form: Any = None,
    field: str | None = None,
    request: HttpRequest | None = None,
) -> Outcome[T]:
    """Call the service. On a refusal: with ``form``, the message becomes an error of ``field``
    (or of the whole form); otherwise, with ``request``, a flash message. Only the stable code is
    logged (messages may name people or places)."""
    try:
        return Outcome(call())
    except DomainError as exc:
        logger.info("service refused: %s", exc.code)
        if form is not None:
            form.add_error(field, exc.message)
        elif request is not None:
            messages.error(request, str(exc.message))
        return Outcome(None, exc)
