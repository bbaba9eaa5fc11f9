"""To-do items by e-mail, as each user chose: at once, a daily digest, or none.

Both read the to-do lists of ``wsr.standing.todos`` (labels, counts, dates and links: never a
complaint's text or a complainant's identity) for every program the user has a role in.

- ``todo_digest_sweep`` (periodic, hourly): from ``WSR_DIGEST_HOUR_UTC`` on, one e-mail per user
  per day listing what waits for them; its outbox dedupe key names the user and the day, so a
  second run the same day sends nothing. Nothing waits: no e-mail.
- ``todo_now_sweep`` (periodic, every minute): for users who chose "at once", an e-mail as soon as a
  to-do item appears or grows (a new complaint, a notice to acknowledge, a danger alert...), naming
  only what is new since the last look (``NotificationPreference.seen``).

A user who never chose gets the daily digest (docs/decisions/0030).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from wsr.accounts.models import Membership, User
from wsr.accounts.selectors import actor_for_user
from wsr.alerts.errors import AlertErrorCode
from wsr.alerts.events import AlertEvent
from wsr.alerts.models import NotificationMode, NotificationPreference
from wsr.core import clock
from wsr.core.errors import DomainError
from wsr.core.events import event_record
from wsr.core.models import OutboxMessage
from wsr.core.outbox import outbox_enqueue
from wsr.core.permissions import Actor
from wsr.programs.models import Program
from wsr.standing.todos import Todo, todos_for

DIGEST_KIND = "todo_digest"
NOW_KIND = "todo_now"


@dataclass(frozen=True)
class Item:
    program: Program
    todo: Todo

    @property
    def key(self) -> str:
        return f"{self.program.public_id}:{self.todo.key}"


def todo_items(user: User) -> list[Item]:
    """What waits for the user in every program where they hold a role."""
    actor = actor_for_user(user)
    programs = Program.objects.filter(pk__in=Membership.objects.filter(user=user).values("program_id")).order_by("name")
    return [Item(program, todo) for program in programs for todo in todos_for(actor=actor, program=program)]


def _counts(items: list[Item]) -> dict[str, int]:
    return {item.key: item.todo.count for item in items}


def _site() -> str:
    return str(getattr(settings, "WSR_SITE_URL", "")).rstrip("/")


def _lines(items: list[Item]) -> list[str]:
    lines: list[str] = []
    program = None
    for item in items:
        if item.program != program:
            program = item.program
            lines += ["", program.name]
        todo = item.todo
        extra = _(" (%(n)s overdue)") % {"n": todo.overdue} if todo.overdue else ""
        lines.append(f"- {todo.label}: {todo.count}{extra}")
        lines.append(f"  {_site()}{todo.url}")
    return lines


def _footer() -> str:
    return _("Choose how you get these e-mails: %(url)s") % {"url": f"{_site()}/alerts/notifications/"}


def notification_preference_set(*, actor: Actor, mode: str) -> NotificationPreference:
    """The signed-in user's own choice (nobody chooses for someone else)."""
    if actor.user is None:
        raise DomainError(_("Sign in first."), code=AlertErrorCode.BAD_MODE)
    if mode not in NotificationMode.values:
        raise DomainError(_("Choose one of the options."), code=AlertErrorCode.BAD_MODE)
    user = actor.user
    now = clock.now()
    # "At once" tells what is new from now on: what waits today is counted as seen.
    seen = _counts(todo_items(user)) if mode == NotificationMode.AT_ONCE else {}
    with transaction.atomic():
        pref, created = NotificationPreference.objects.get_or_create(
            user=user, defaults={"mode": mode, "seen": seen, "updated_at": now}
        )
        before = "" if created else pref.mode
        if not created:
            NotificationPreference.objects.filter(pk=pref.pk).update(mode=mode, seen=seen, updated_at=now)
            pref.refresh_from_db()
        event_record(actor=actor, obj=pref, verb=AlertEvent.NOTIFICATION_PREFERENCE_CHANGED, before=before, after=mode)
    return pref


def _digest_users() -> list[User]:
    chose = dict(NotificationPreference.objects.values_list("user_id", "mode"))
    members = (
        User.objects.filter(is_active=True, pk__in=Membership.objects.values("user_id"))
        .exclude(email="")
        .order_by("pk")
    )
    return [user for user in members if chose.get(user.pk, NotificationMode.DAILY) == NotificationMode.DAILY]


def todo_digest_sweep(*, now: dt.datetime | None = None) -> int:
    """One digest e-mail per user per day (from ``WSR_DIGEST_HOUR_UTC``); returns how many were queued."""
    now = now or clock.now()
    if now.hour < int(getattr(settings, "WSR_DIGEST_HOUR_UTC", 6)):
        return 0
    today = now.date()
    key = "todo-digest:{}:" + today.isoformat()
    sent_today = set(
        OutboxMessage.objects.filter(kind=DIGEST_KIND, dedupe_key__endswith=f":{today.isoformat()}").values_list(
            "dedupe_key", flat=True
        )
    )
    queued = 0
    for user in _digest_users():
        if key.format(user.pk) in sent_today:  # an earlier run today sent it: skip the to-do queries
            continue
        items = todo_items(user)
        if not items:
            continue
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            subject = _("What waits for you today (%(date)s)") % {"date": today.isoformat()}
            body = "\n".join([_("Your to-do list:"), *_lines(items), "", _footer()])
        with transaction.atomic():
            sent = outbox_enqueue(
                recipient=user.email,
                subject=subject,
                body=body,
                kind=DIGEST_KIND,
                dedupe_key=key.format(user.pk),
            )
            if sent is not None:
                NotificationPreference.objects.filter(user=user).update(last_digest_on=today)
        queued += sent is not None
    return queued


def todo_now_sweep(*, now: dt.datetime | None = None) -> int:
    """E-mail each "at once" user what appeared since the last look; returns how many were queued."""
    now = now or clock.now()
    queued = 0
    prefs = NotificationPreference.objects.filter(mode=NotificationMode.AT_ONCE, user__is_active=True)
    for pref in prefs.select_related("user").order_by("pk"):
        user = pref.user
        items = todo_items(user)
        counts = _counts(items)
        new = [item for item in items if item.todo.count > int(pref.seen.get(item.key, 0))]
        if counts == pref.seen:
            continue
        with transaction.atomic():
            # Guarded by the row as read: two sweeps at once send one e-mail.
            moved = NotificationPreference.objects.filter(pk=pref.pk, updated_at=pref.updated_at).update(
                seen=counts, updated_at=now
            )
            if moved != 1 or not new or not user.email:
                continue
            with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
                subject = _("New on your to-do list: %(label)s") % {"label": new[0].todo.label}
                body = "\n".join([_("New since our last e-mail:"), *_lines(new), "", _footer()])
            sent = outbox_enqueue(
                recipient=user.email,
                subject=subject,
                body=body,
                kind=NOW_KIND,
                dedupe_key=f"todo-now:{user.pk}:{now.isoformat()}",
            )
            queued += sent is not None
    return queued
