"""Recording a Code a program adopted before it came onto the platform."""

from __future__ import annotations

import datetime as dt

import pytest

from wsr.accounts.selectors import actor_for_user
from wsr.core import clock
from wsr.core.errors import DomainError
from wsr.core.models import TransparencyEntry
from wsr.core.transparency import transparency_verify
from wsr.standards.selectors import code_version_in_force
from wsr.standards.services import code_version_adopt

pytestmark = pytest.mark.django_db


def test_the_first_code_can_be_recorded_as_in_force_since_a_past_date(personas, code_builder):
    approved = code_builder("approved")
    since = clock.today() - dt.timedelta(days=800)
    version = code_version_adopt(
        actor=actor_for_user(personas.council_admin), version=approved, effective_from=since, record_existing=True
    )
    assert version.effective_from == since
    assert code_version_in_force(personas.program, on=since + dt.timedelta(days=1)) == version
    entry = TransparencyEntry.objects.get(kind="code_adopted")
    assert entry.payload["recorded_retroactively"] is True
    assert entry.payload["effective_from"] == since.isoformat()
    assert all(r.ok for r in transparency_verify())


def test_only_the_first_code_can_be_backdated(personas, code_builder):
    code_builder("adopted")
    second = code_builder("approved")
    with pytest.raises(DomainError, match="first Code"):
        code_version_adopt(
            actor=actor_for_user(personas.council_admin),
            version=second,
            effective_from=clock.today() - dt.timedelta(days=10),
            record_existing=True,
        )
    with pytest.raises(DomainError, match="in the past"):
        code_version_adopt(
            actor=actor_for_user(personas.council_admin),
            version=second,
            effective_from=clock.today() - dt.timedelta(days=10),
        )
    second.refresh_from_db()
    assert second.status == "proposed"
