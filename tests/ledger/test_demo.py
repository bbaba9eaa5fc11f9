"""The demo's premium story: each reconciliation rule fires on its demo case and nowhere else,
the books balance and chain, and the DuckDB path answers as SQL on a season of lines."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from tests.conftest import login
from wsr.accounts.models import User
from wsr.core.models import Event
from wsr.ledger.events import LedgerEvent
from wsr.ledger.journal import account_balances, journal_verify
from wsr.ledger.models import Finding, FindingStatus
from wsr.ledger.reconcile import evaluate, monthly
from wsr.programs.models import Program
from wsr.purchases.models import CutAndRunFlag, PurchaseLine

pytestmark = pytest.mark.django_db


def test_each_rule_fires_on_its_demo_case_and_nowhere_else(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.WSR_DEMO_PASSWORD = "demo-password-for-tests"
    call_command("load_demo", stdout=StringIO())
    program = Program.objects.get(slug="fair-harvest")

    open_ = {
        (f.rule, f.brand.name, f.facility.name)
        for f in Finding.objects.filter(program=program, status=FindingStatus.OPEN).select_related("brand", "facility")
    }
    assert open_ == {
        ("unpaid", "Coastline Grocers", "Valle Verde – Salinas"),  # paid 30 % short
        ("undistributed", "Coastline Grocers", "Eastern Shore Harvest – Exmore"),  # stopped distributing
        ("admin_share", "GreenBasket Markets", "Carolina Sweet – Faison"),  # kept 12 %
        ("ineligible", "Harvest Table Foods", "Palmetto Tomato – Homestead"),  # bought while suspended
    }
    late = Finding.objects.get(program=program, status=FindingStatus.CLEARED)
    assert (late.rule, late.brand.name, late.facility.name) == (
        "unpaid",
        "GreenBasket Markets",
        "Palmetto Tomato – Ruskin",
    )
    verbs = list(Event.objects.filter(object_public_id=late.public_id).order_by("id").values_list("verb", flat=True))
    assert verbs[0] == LedgerEvent.FINDING_RAISED and verbs[-1] == LedgerEvent.FINDING_CLEARED
    assert CutAndRunFlag.objects.filter(
        brand__name="Harvest Table Foods", facility__name="Sunridge Farms – Plant City"
    ).exists()

    assert PurchaseLine.objects.filter(program=program).count() > 20_000
    assert PurchaseLine.objects.filter(program=program, eligible=False).count() == 1
    assert journal_verify(program).ok
    assert sum(account_balances(program).values()) == 0
    assert monthly(program, engine="duckdb") == monthly(program, engine="sql")
    today = late.updated_at.date()
    assert evaluate(program, today=today, engine="duckdb") == evaluate(program, today=today, engine="sql")

    for username, url, marker in (
        ("brand-b", f"/ledger/{program.slug}/obligations/", b'data-testid="brand-totals"'),
        ("supplier-x", f"/ledger/{program.slug}/statement/", b'data-testid="supplier-totals"'),
        ("investigator", f"/ledger/{program.slug}/reconciliation/", b'data-testid="finding-admin_share"'),
    ):
        page = login(Client(), User.objects.get(username=username)).get(url)
        assert page.status_code == 200 and marker in page.content
