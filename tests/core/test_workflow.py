"""The one workflow step (wsr.core.workflow): refusal writes nothing; a move writes the state, the
event row, the public fact, runs side effects in the transaction and callbacks after commit."""

from __future__ import annotations

import pytest

from tests.agreements.conftest import make_draft, make_ready
from wsr.accounts.selectors import actor_for_user
from wsr.agreements import transitions
from wsr.agreements.events import AgreementEvent
from wsr.agreements.models import Agreement, PremiumTerm
from wsr.core.errors import CapabilityMissing, ConcurrentChange, TransitionNotAllowed
from wsr.core.models import Event, TransparencyEntry
from wsr.core.workflow import workflow_step

pytestmark = pytest.mark.django_db


def _events(agreement, verb):
    return Event.objects.filter(object_public_id=agreement.public_id, verb=verb)


def _entries(program, kind):
    return TransparencyEntry.objects.filter(stream=program.log_stream, kind=kind)


def test_a_refused_move_writes_nothing(personas):
    agreement = make_draft(personas)
    admin = actor_for_user(personas.council_admin)
    with pytest.raises(TransitionNotAllowed):
        workflow_step(
            actor=admin,
            obj=agreement,
            event=AgreementEvent.ACTIVATED,
            program=personas.program,
            to="active",
            rules=transitions.check_move,
        )
    agreement.refresh_from_db()
    assert agreement.status == "draft"
    assert not _events(agreement, "agreement_activated").exists()


def test_a_move_without_the_capability_writes_nothing(personas):
    agreement = make_ready(personas)
    brand = actor_for_user(personas.brand_a)
    with pytest.raises(CapabilityMissing):
        workflow_step(
            actor=brand,
            obj=agreement,
            event=AgreementEvent.SIGNED,
            program=personas.program,
            to="signed",
            rules=transitions.check_move,
        )
    assert Agreement.objects.get(pk=agreement.pk).status == "draft"
    assert not _events(agreement, "agreement_signed").exists()


def test_a_move_writes_state_event_public_fact_side_effects_and_callbacks(personas, django_capture_on_commit_callbacks):
    agreement = make_ready(personas)
    admin = actor_for_user(personas.council_admin)
    seen_inside: list[str] = []
    after_commit: list[str] = []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        workflow_step(
            actor=admin,
            obj=agreement,
            event=AgreementEvent.SIGNED,
            program=personas.program,
            to="signed",
            rules=transitions.check_move,
            changes={"status_reason": "all signed"},
            reason="all signed",
            data={"note": "n"},
            public=lambda a: {"agreement": a.public_id, "status": a.status},
            side_effects=[lambda a: seen_inside.append(Agreement.objects.get(pk=a.pk).status)],
            on_commit=[lambda: after_commit.append("sent")],
        )
    stored = Agreement.objects.get(pk=agreement.pk)
    assert (stored.status, stored.status_reason) == ("signed", "all signed")
    assert agreement.status == "signed"  # the object is refreshed
    event = _events(agreement, "agreement_signed").get()
    assert (event.before, event.after, event.reason, event.data) == ("draft", "signed", "all signed", {"note": "n"})
    assert event.program_public_id == personas.program.public_id
    entry = _entries(personas.program, "agreement_signed").get()
    assert entry.payload == {"agreement": agreement.public_id, "status": "signed"}
    assert seen_inside == ["signed"]  # side effects run inside the transaction, after the update
    assert len(callbacks) == 1 and after_commit == ["sent"]


def test_a_failing_side_effect_rolls_the_whole_step_back(personas):
    agreement = make_ready(personas)
    admin = actor_for_user(personas.council_admin)

    def broken(_obj):
        raise RuntimeError("outbox down")

    with pytest.raises(RuntimeError):
        workflow_step(
            actor=admin,
            obj=agreement,
            event=AgreementEvent.SIGNED,
            program=personas.program,
            to="signed",
            rules=transitions.check_move,
            public={"agreement": agreement.public_id},
            side_effects=[broken],
        )
    assert Agreement.objects.get(pk=agreement.pk).status == "draft"
    assert not _events(agreement, "agreement_signed").exists()
    assert not _entries(personas.program, "agreement_signed").exists()


def test_a_stale_object_loses_and_nothing_is_written(personas):
    """The row moved underneath between load and update: ConcurrentChange, no event, no fact."""
    agreement = make_ready(personas)
    admin = actor_for_user(personas.council_admin)
    Agreement.objects.filter(pk=agreement.pk).update(status="signed")  # someone else's move
    with pytest.raises(ConcurrentChange):
        workflow_step(
            actor=admin,
            obj=agreement,
            event=AgreementEvent.SIGNED,
            program=personas.program,
            to="signed",
            rules=transitions.check_move,
            public={"agreement": agreement.public_id},
        )
    assert not _events(agreement, "agreement_signed").exists()
    assert not _entries(personas.program, "agreement_signed").exists()


def test_an_edit_keeps_the_state_and_honours_the_extra_guard(personas):
    agreement = make_draft(personas)
    admin = actor_for_user(personas.council_admin)
    stale_stamp = agreement.updated_at
    workflow_step(
        actor=admin,
        obj=agreement,
        event=AgreementEvent.DRAFT_UPDATED,
        program=personas.program,
        changes={"title": "New title"},
        guard={"updated_at": stale_stamp},
    )
    stored = Agreement.objects.get(pk=agreement.pk)
    assert (stored.status, stored.title) == ("draft", "New title")
    assert stored.updated_at > stale_stamp
    event = _events(agreement, "agreement_draft_updated").get()
    assert (event.before, event.after) == ("", "")
    with pytest.raises(ConcurrentChange):
        workflow_step(
            actor=admin,
            obj=stored,
            event=AgreementEvent.DRAFT_UPDATED,
            program=personas.program,
            changes={"title": "Lost"},
            guard={"updated_at": stale_stamp},
        )
    assert Agreement.objects.get(pk=agreement.pk).title == "New title"
    assert _events(agreement, "agreement_draft_updated").count() == 1


def test_side_effect_rows_written_before_a_lost_race_are_rolled_back(personas):
    """A child row written in the same transaction disappears with the refused step."""
    from django.db import transaction

    agreement = make_draft(personas)
    admin = actor_for_user(personas.council_admin)
    Agreement.objects.filter(pk=agreement.pk).update(title="changed elsewhere", updated_at=agreement.updated_at)
    Agreement.objects.filter(pk=agreement.pk).update(status="signed")
    terms = PremiumTerm.objects.filter(agreement=agreement).count()
    with pytest.raises(ConcurrentChange), transaction.atomic():
        PremiumTerm.objects.create(agreement=agreement, kind="percent", basis_points=10, currency="USD", position=9)
        workflow_step(actor=admin, obj=agreement, event=AgreementEvent.TERM_ADDED, program=personas.program, data={})
    assert PremiumTerm.objects.filter(agreement=agreement).count() == terms
