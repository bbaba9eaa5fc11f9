"""The demo's audits: every CAP state at both programs, a year of Accord-like remediation, and
progress % equal to verified / all, overall and per category, for every facility."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from wsr.audits.models import AuditorRosterEntry, CapItem, IndependenceDecision
from wsr.audits.selectors import facility_remediation
from wsr.audits.transitions import CapState
from wsr.core.transparency import transparency_verify
from wsr.registry.models import Facility

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.WSR_DEMO_PASSWORD = "demo-pass-for-tests"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("load_demo", stdout=StringIO())


def test_both_programs_have_cap_items_in_every_state(demo):
    for slug in ("fair-harvest", "garment-safety"):
        states = set(CapItem.objects.filter(program__slug=slug).values_list("state", flat=True))
        assert states == set(CapState), slug
    assert CapItem.objects.filter(overdue_since__isnull=False).exists()
    assert all(r.ok for r in transparency_verify())


def test_rosters_are_approved_by_the_worker_organisation_and_a_conflict_was_refused(demo):
    for entry in AuditorRosterEntry.objects.filter(state="approved").select_related("program"):
        assert entry.decided_by_organisation_id == entry.program.worker_organisation_id
    refused = IndependenceDecision.objects.get(allowed=False)
    assert refused.reasons[0]["code"] == "commercial_tie"


def test_progress_equals_verified_over_all_overall_and_per_category_for_every_facility(demo):
    rows = CapItem.objects.values("program_id", "facility_id").annotate(
        total=Count("pk"), verified=Count("pk", filter=Q(state=CapState.VERIFIED_FIXED))
    )
    assert len(rows) >= 4
    for row in rows:
        facility = Facility.objects.get(pk=row["facility_id"])
        program = CapItem.objects.filter(program_id=row["program_id"]).first().program
        remediation = facility_remediation(program, facility)
        assert remediation.overall.percent == row["verified"] * 100 // row["total"]
        for cat in remediation.by_category:
            items = CapItem.objects.filter(program=program, facility=facility, category=cat.category)
            verified = items.filter(state=CapState.VERIFIED_FIXED).count()
            assert (cat.progress.verified, cat.progress.total) == (verified, items.count())
            assert cat.progress.percent == verified * 100 // items.count()


def test_the_garment_remediation_progresses_over_a_year(demo):
    item = CapItem.objects.filter(program__slug="garment-safety", category="health_safety").first()
    remediation = facility_remediation(item.program, item.facility)
    first, last = remediation.series[0], remediation.series[-1]
    assert (last[0] - first[0]).days >= 300
    assert first[1] == 0 and last[1] == remediation.overall.percent > 50
    assert [p for _, p in remediation.series] == sorted(p for _, p in remediation.series)
    assert {c.label.split()[0] for c in remediation.by_provision} >= {"§1.1", "§1.3", "§1.4"}


def test_the_programme_overview_lists_each_facility_once_with_all_its_items(demo):
    """Regression: an ordering on the CAP queryset must not split a facility into several rows."""
    from wsr.accounts.models import User
    from wsr.accounts.selectors import actor_for_user
    from wsr.audits.selectors import facility_rows_for_actor
    from wsr.programs.models import Program

    program = Program.objects.get(slug="garment-safety")
    rows = facility_rows_for_actor(actor=actor_for_user(User.objects.get(username="gs-admin")), program=program)
    ids = [row.facility.pk for row in rows]
    assert len(ids) == len(set(ids))
    for row in rows:
        items = CapItem.objects.filter(program=program, facility=row.facility)
        assert row.progress.total == items.count()
        assert row.progress.verified == items.filter(state=CapState.VERIFIED_FIXED).count()
    assert max(row.progress.total for row in rows) >= 10  # the year-long Accord-like plan
