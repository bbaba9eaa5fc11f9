"""Recording education sessions, and withdrawing a record made in error.

A session is a public fact (the program publishes how often workers are educated where): its
public summary (facility, season, date, language, kind, paid time, Code topics, counts) goes to the
program's transparency log. Educators' names, free-text topics and notes stay internal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from wsr.accounts.models import User
from wsr.core import clock
from wsr.core.errors import DomainError
from wsr.core.events import event_record
from wsr.core.permissions import Actor
from wsr.core.transparency import transparency_append
from wsr.core.workflow import workflow_step
from wsr.education.capabilities import EducationCapability as E
from wsr.education.coverage import season_for
from wsr.education.errors import EducationErrorCode
from wsr.education.events import EducationEvent
from wsr.education.models import Session, SessionKind
from wsr.programs.models import Program, ReportingSeason
from wsr.registry.models import Facility, ProgramFacility
from wsr.standards.models import Category

MAX_OTHER_TOPICS = 10


def session_public_summary(session: Session) -> dict[str, Any]:
    """What the public may know about a session: counts and topics, never people."""
    return {
        "program": session.program.public_id,
        "session": session.public_id,
        "facility": session.facility.public_id,
        "season": session.season.name,
        "held_on": session.held_on.isoformat(),
        "language": session.language,
        "kind": session.kind,
        "on_the_clock": session.on_the_clock,
        "topics": list(session.topics),
        "attendees": session.attendees,
        "new_workers": session.new_workers,
    }


def _covered(program: Program, facility: Facility, day: dt.date) -> bool:
    return (
        ProgramFacility.objects.filter(program=program, facility=facility, since__lte=day)
        .filter(Q(until__isnull=True) | Q(until__gte=day))
        .exists()
    )


def _season(program: Program, day: dt.date) -> ReportingSeason:
    seasons = list(program.seasons.order_by("starts_on"))
    found = season_for(day, seasons)
    if found is None:
        listed = "; ".join(f"{s.name} ({s.starts_on:%Y-%m-%d} – {s.ends_on:%Y-%m-%d})" for s in seasons)
        if not listed:
            raise DomainError(
                _("The program has no season yet: a program admin adds seasons first."),
                code=EducationErrorCode.PROGRAM_SEASON_YET_PROGRAM,
            )
        raise DomainError(
            _("%(day)s is not within a season of the program. Its seasons: %(seasons)s.")
            % {"day": day.isoformat(), "seasons": listed},
            code=EducationErrorCode.DAY_WITHIN_SEASON_PROGRAM,
        )
    assert isinstance(found, ReportingSeason)
    return found


def _check_counts(facility: Facility, attendees: int, new_workers: int) -> None:
    if attendees < 1:
        raise DomainError(
            _("A session needs at least one attendee."), code=EducationErrorCode.SESSION_NEEDS_LEAST_ATTENDEE
        )
    if new_workers < 0 or new_workers > attendees:
        raise DomainError(
            _("Workers reached for the first time this season (%(new)s) cannot exceed the attendees (%(n)s).")
            % {"new": new_workers, "n": attendees},
            code=EducationErrorCode.WORKERS_REACHED_FIRST_TIME,
        )
    if facility.worker_count is not None and attendees > facility.worker_count:
        raise DomainError(
            _("%(facility)s has %(workforce)s workers: a session there cannot have %(n)s attendees.")
            % {"facility": facility.name, "workforce": facility.worker_count, "n": attendees},
            code=EducationErrorCode.FACILITY_WORKFORCE_WORKERS_SESSION,
        )


def _check_topics(topics: Sequence[str], other_topics: Sequence[str]) -> tuple[list[str], list[str]]:
    unknown = sorted(set(topics) - set(Category.values))
    if unknown:
        raise DomainError(
            _("Not a Code topic: %(topics)s.") % {"topics": ", ".join(unknown)},
            code=EducationErrorCode.CODE_TOPIC_TOPICS,
        )
    others = [t.strip() for t in other_topics if t.strip()]
    if len(others) > MAX_OTHER_TOPICS or any(len(t) > 120 for t in others):
        raise DomainError(
            _("Give at most 10 other topics of at most 120 characters each."),
            code=EducationErrorCode.MOST_OTHER_TOPICS_MOST,
        )
    chosen = [c for c in Category.values if c in set(topics)]
    if not chosen and not others:
        raise DomainError(
            _("Name at least one topic of the session."), code=EducationErrorCode.NAME_LEAST_TOPIC_SESSION
        )
    return chosen, others


def _check_educators(program: Program, educators: Sequence[User]) -> list[User]:
    if not educators:
        raise DomainError(_("Name at least one educator."), code=EducationErrorCode.NAME_LEAST_EDUCATOR)
    outsiders = [u for u in educators if u.organisation_id != program.worker_organisation_id]
    if outsiders:
        raise DomainError(
            _("Educators come from the worker organisation (%(org)s): %(names)s is not one of its staff.")
            % {"org": program.worker_organisation.name, "names": ", ".join(u.username for u in outsiders)},
            code=EducationErrorCode.EDUCATORS_COME_WORKER_ORGANISATION,
        )
    return list({u.pk: u for u in educators}.values())


def session_record(
    *,
    actor: Actor,
    program: Program,
    facility: Facility,
    held_on: dt.date,
    language: str,
    kind: str,
    on_the_clock: bool,
    attendees: int,
    new_workers: int,
    educators: Sequence[User],
    topics: Sequence[str] = (),
    other_topics: Sequence[str] = (),
    notes: str = "",
) -> Session:
    """Record a session held at a facility of the program. Refused (nothing stored) when the date is
    in the future or outside every season, the facility is not covered, the language is not the
    program's, or the counts are impossible."""
    actor.require(E.RECORD_SESSION, program.pk)
    if held_on > clock.today():
        raise DomainError(
            _("A session cannot be recorded before it is held: %(day)s is in the future.")
            % {"day": held_on.isoformat()},
            code=EducationErrorCode.SESSION_RECORDED_HELD_DAY,
        )
    if not _covered(program, facility, held_on):
        raise DomainError(
            _("%(facility)s is not covered by the program on %(day)s.")
            % {"facility": facility.name, "day": held_on.isoformat()},
            code=EducationErrorCode.FACILITY_COVERED_PROGRAM_DAY,
        )
    season = _season(program, held_on)
    if language not in program.languages:
        raise DomainError(
            _("The session's language must be one of the program's: %(langs)s.")
            % {"langs": ", ".join(program.languages)},
            code=EducationErrorCode.SESSION_LANGUAGE_PROGRAM_LANGS,
        )
    if kind not in SessionKind.values:
        raise DomainError(
            _("Choose new-hire orientation or periodic session."), code=EducationErrorCode.CHOOSE_NEW_HIRE_ORIENTATION
        )
    _check_counts(facility, attendees, new_workers)
    chosen, others = _check_topics(topics, other_topics)
    people = _check_educators(program, educators)
    with transaction.atomic():
        session = Session.objects.create(
            program=program,
            facility=facility,
            season=season,
            held_on=held_on,
            language=language,
            kind=kind,
            on_the_clock=on_the_clock,
            topics=chosen,
            other_topics=others,
            attendees=attendees,
            new_workers=new_workers,
            workforce=facility.worker_count,
            notes=notes.strip(),
            recorded_by=actor.user,
            recorded_at=clock.now(),
        )
        session.educators.set(people)
        summary = session_public_summary(session)
        event_record(
            actor=actor,
            obj=session,
            verb=EducationEvent.SESSION_RECORDED,
            after="recorded",
            data={**summary, "educators": [u.username for u in people], "other_topics": others},
            program_public_id=program.public_id,
        )
        transparency_append(stream=program.log_stream, kind="education_session_recorded", payload=summary)
    return session


def session_withdraw(*, actor: Actor, session: Session, reason: str) -> Session:
    """Withdraw a session recorded in error: it stays in the history but no longer counts."""
    actor.require(E.RECORD_SESSION, session.program_id)
    if not reason.strip():
        raise DomainError(
            _("Say why the record is withdrawn: the reason is kept in the history."),
            code=EducationErrorCode.SAY_WHY_RECORD_WITHDRAWN,
        )
    if session.withdrawn_at is not None:
        raise DomainError(
            _("This session record was already withdrawn."), code=EducationErrorCode.SESSION_RECORD_WAS_ALREADY
        )
    return workflow_step(
        actor=actor,
        obj=session,
        event=EducationEvent.SESSION_WITHDRAWN,
        program=session.program,
        changes={"withdrawn_at": clock.now(), "withdrawn_reason": reason.strip()[:500]},
        guard={"withdrawn_at__isnull": True},
        event_before="recorded",
        event_after="withdrawn",
        reason=reason.strip()[:500],
        public={"program": session.program.public_id, "session": session.public_id},
        what="session",
    )
