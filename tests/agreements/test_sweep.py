"""The daily sweep: activation when due, expiry after the end, idempotent (time-machine)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from tests.agreements.conftest import make_ready, pdf
from wsr.agreements.services import (
    agreement_amend,
    agreement_document_attach,
    agreement_draft_update,
    agreement_sign,
    agreement_signatory_save,
    agreements_sweep,
)
from wsr.core.events import events_for_object
from wsr.core.models import TransparencyEntry
from wsr.core.transparency import transparency_verify

pytestmark = pytest.mark.django_db


def at(day: dt.date) -> time_machine.travel:
    return time_machine.travel(dt.datetime.combine(day, dt.time(6, 0), tzinfo=dt.UTC), tick=False)


def test_a_signed_agreement_waits_for_its_date_then_runs_to_its_end(personas, admin_actor):
    # given an agreement signed in December, effective 1 January to 30 June
    with at(dt.date(2025, 12, 15)):
        agreement = make_ready(personas, effective_from=dt.date(2026, 1, 1), effective_until=dt.date(2026, 6, 30))
        agreement_sign(actor=admin_actor, agreement=agreement)
        agreement.refresh_from_db()
        assert agreement.status == "signed"
        assert agreements_sweep() == agreements_sweep()  # nothing due, twice
        agreement.refresh_from_db()
        assert agreement.status == "signed"
    # when the sweep runs on 1 January (twice)
    with at(dt.date(2026, 1, 1)):
        out = StringIO()
        call_command("agreements_sweep", stdout=out)
        assert "activated: 1, expired: 0" in out.getvalue()
        call_command("agreements_sweep", stdout=out)
        assert "activated: 0, expired: 0" in out.getvalue()
    # then it is active, with one activation event and one log entry
    agreement.refresh_from_db()
    assert agreement.status == "active"
    verbs = list(events_for_object(agreement).values_list("verb", flat=True))
    assert verbs.count("agreement_activated") == 1
    event = events_for_object(agreement).get(verb="agreement_activated")
    assert (event.actor_label, event.before, event.after) == ("agreements sweep", "signed", "active")
    # when the last day passes: still active on 30 June, expired on 1 July, once
    with at(dt.date(2026, 6, 30)):
        assert agreements_sweep().expired == 0
    with at(dt.date(2026, 7, 1)):
        first, second = agreements_sweep(), agreements_sweep()
    assert (first.activated, first.expired, second.expired) == (0, 1, 0)
    agreement.refresh_from_db()
    assert (agreement.status, agreement.status_reason) == ("expired", "reached the end of its term")
    assert TransparencyEntry.objects.filter(kind="agreement_expired").count() == 1
    assert TransparencyEntry.objects.get(kind="agreement_expired").payload["cause"] == "ended"
    assert all(r.ok for r in transparency_verify())


def test_an_amendment_signed_ahead_supersedes_the_old_version_on_its_date(personas, admin_actor):
    with at(dt.date(2026, 2, 1)):
        v1 = make_ready(personas)
        agreement_sign(actor=admin_actor, agreement=v1)
        v1.refresh_from_db()
        v2 = agreement_amend(actor=admin_actor, agreement=v1)
        agreement_draft_update(actor=admin_actor, agreement=v2, fields={"effective_from": dt.date(2026, 3, 1)})
        for sig in list(v2.signatories.all()):
            agreement_signatory_save(
                actor=admin_actor,
                agreement=v2,
                organisation=sig.organisation,
                signatory_name="Someone",
                signed_on=dt.date(2026, 2, 1),
            )
            v2.refresh_from_db()
        agreement_document_attach(actor=admin_actor, agreement=v2, filename="v2.pdf", content=pdf("v2"))
        v2.refresh_from_db()
        agreement_sign(actor=admin_actor, agreement=v2)
        v1.refresh_from_db()
        v2.refresh_from_db()
        assert (v1.status, v2.status) == ("active", "signed")
    with at(dt.date(2026, 3, 1)):
        agreements_sweep()
        agreements_sweep()
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v1.status_reason, v2.status) == ("expired", "superseded by version 2", "active")
    assert TransparencyEntry.objects.filter(kind="agreement_expired").count() == 1
