"""The double-entry journal: every posting balances, corrections are reversals, the hash chain
detects an edited, removed or reordered row; payment and distribution services post to it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ledger.conftest import distribute, line, pay
from wsr.accounts.selectors import actor_for_user
from wsr.core.errors import CapabilityMissing, DomainError
from wsr.core.models import Event
from wsr.ledger import services
from wsr.ledger.errors import LedgerErrorCode
from wsr.ledger.events import LedgerEvent
from wsr.ledger.journal import account_balances, journal_post, journal_reverse, journal_verify, legs_balance
from wsr.ledger.models import AccountKind, Leg, PaymentStatus, Posting, PostingKind

pytestmark = pytest.mark.django_db

D = dt.date
NOW = dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC)


@given(amounts=st.lists(st.integers(min_value=-(10**12), max_value=10**12), min_size=1, max_size=8))
def test_a_set_of_legs_balances_exactly_when_it_sums_to_zero(amounts):
    closing = [*amounts, -sum(amounts)]
    assert legs_balance(closing)
    assert not legs_balance([*amounts, -sum(amounts) + 1])


# The examples share the personas: the assertions hold for the accumulated books too.
@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    payments=st.lists(st.integers(min_value=1, max_value=10**9), min_size=1, max_size=4),
    share=st.integers(min_value=0, max_value=500),
)
def test_services_post_balanced_entries_and_balances_match_the_documents(ledger_personas, payments, share):
    p = ledger_personas
    with time_machine.travel(NOW, tick=False):
        for amount in payments:
            pay(p, p.brand_a, p.facility_x, amount=amount, on=D(2026, 5, 1))
        total = sum(payments)
        admin = total * share // 10_000
        start = D(2025, 1, 1) + dt.timedelta(days=Posting.objects.filter(kind="distribution").count())
        distribute(p, p.brand_a, p.facility_x, start=start, end=start,
                   amount=total - admin, admin=admin)  # fmt: skip

    for posting in Posting.objects.filter(program=p.program):
        assert sum(posting.legs.values_list("amount_minor", flat=True)) == 0
    balances = account_balances(p.program)
    assert sum(balances.values()) == 0
    org, fx = p.brand_a.organisation.public_id, p.facility_x.public_id
    supplier = p.supplier_x.organisation.public_id
    assert balances[f"supplier:{supplier}:{fx}:USD"] == 0  # everything received was paid out
    assert journal_verify(p.program).ok
    assert balances[f"brand:{org}:-:USD"] == -(
        balances[f"workers:{supplier}:{fx}:USD"] + balances.get(f"admin_share:{supplier}:{fx}:USD", 0)
    )


def test_an_unbalanced_posting_is_refused(ledger_personas):
    p = ledger_personas
    from wsr.ledger.journal import account_for

    a = account_for(program=p.program, kind=AccountKind.BRAND, organisation=p.brand_a.organisation, facility=None,
                    currency="USD")  # fmt: skip
    b = account_for(program=p.program, kind=AccountKind.SUPPLIER, organisation=p.supplier_x.organisation,
                    facility=p.facility_x, currency="USD")  # fmt: skip
    with pytest.raises(DomainError) as refused:
        journal_post(program=p.program, kind=PostingKind.PAYMENT, occurred_on=D(2026, 1, 1), legs=[(a, -5), (b, 4)])
    assert refused.value.code == LedgerErrorCode.UNBALANCED
    assert not Posting.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_reversal_negates_every_leg_and_leaves_the_original(ledger_personas):
    p = ledger_personas
    payment = pay(p, p.brand_a, p.facility_x, amount=2_500, on=D(2026, 6, 1))
    original = payment.posting
    assert original is not None

    reversal = journal_reverse(posting=original, occurred_on=D(2026, 6, 30), memo="wrong facility")

    assert [leg.amount_minor for leg in reversal.legs.all()] == [2_500, -2_500]
    assert list(original.legs.values_list("amount_minor", flat=True)) == [-2_500, 2_500]
    assert set(account_balances(p.program).values()) == {0}
    with pytest.raises(DomainError):
        journal_reverse(posting=original, occurred_on=D(2026, 6, 30))
    assert journal_verify(p.program).ok


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("tamper", ["amount", "account", "delete_leg", "delete_posting", "date"])
def test_the_chain_detects_a_tampered_row(ledger_personas, tamper):
    p = ledger_personas
    for amount in (1_000, 2_000, 3_000):
        pay(p, p.brand_a, p.facility_x, amount=amount, on=D(2026, 6, 1))
    assert journal_verify(p.program).ok
    second = Posting.objects.get(program=p.program, seq=2)
    leg = second.legs.order_by("position").first()
    assert leg is not None
    if tamper == "amount":  # both legs edited so that the posting still balances
        Leg.objects.filter(posting=second, position=0).update(amount_minor=-1_500)
        Leg.objects.filter(posting=second, position=1).update(amount_minor=1_500)
    elif tamper == "account":
        other = Posting.objects.get(seq=1).legs.get(position=1).account
        Leg.objects.filter(posting=second, position=1).update(account=other.pk)
        from wsr.ledger.models import Account

        Account.objects.filter(pk=other.pk).update(key=other.key)  # same key: a different account row
        Leg.objects.filter(posting=second, position=0).update(account=other.pk)
    elif tamper == "delete_leg":
        Leg.objects.filter(posting=second, position=1).delete()
    elif tamper == "delete_posting":
        Posting.objects.filter(seq=3).update(seq=4)
    elif tamper == "date":
        Posting.objects.filter(pk=second.pk).update(occurred_on=D(2026, 1, 1))

    check = journal_verify(p.program)

    assert not check.ok
    assert check.broken_seq in {2, 3, 4}


@time_machine.travel(NOW, tick=False)
def test_confirming_a_payment_posts_it_and_records_the_event(ledger_personas):
    p = ledger_personas
    payment = services.payment_record(
        actor=actor_for_user(p.brand_a), program=p.program, facility=p.facility_x.public_id, amount_minor=4_200,
        currency="USD", paid_on=D(2026, 6, 2), reference="WIRE 7731", proof=b"%PDF-1.4 receipt",
    )  # fmt: skip
    assert payment.status == PaymentStatus.RECORDED and payment.posting is None and payment.proof_sha256

    services.payment_confirm(actor=actor_for_user(p.supplier_x), payment=payment)

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED
    assert payment.posting is not None and payment.posting.kind == PostingKind.PAYMENT
    verbs = list(Event.objects.filter(object_public_id=payment.public_id).order_by("id").values_list("verb", flat=True))
    assert verbs == [LedgerEvent.PAYMENT_RECORDED, LedgerEvent.PAYMENT_CONFIRMED]


@time_machine.travel(NOW, tick=False)
def test_only_the_receiving_supplier_confirms_and_a_brand_cannot(ledger_personas):
    p = ledger_personas
    payment = pay(p, p.brand_a, p.facility_x, amount=100, on=D(2026, 6, 1), confirm=False)
    with pytest.raises(DomainError) as other_supplier:
        services.payment_confirm(actor=actor_for_user(p.supplier_y), payment=payment)
    assert other_supplier.value.code == LedgerErrorCode.NOT_YOUR_PAYMENT
    with pytest.raises(DomainError):
        services.payment_confirm(actor=actor_for_user(p.brand_a), payment=payment)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.RECORDED and not Posting.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_a_supplier_cannot_keep_more_than_the_programs_admin_share(ledger_personas):
    p = ledger_personas
    with pytest.raises(DomainError) as refused:
        distribute(p, p.brand_a, p.facility_x, start=D(2026, 6, 1), end=D(2026, 6, 14), amount=9_000, admin=1_000)
    assert refused.value.code == LedgerErrorCode.ADMIN_SHARE_OVER_LIMIT
    assert not Posting.objects.exists()
    # exactly at the limit (5 % of 10,000) is allowed
    d = distribute(p, p.brand_a, p.facility_x, start=D(2026, 6, 1), end=D(2026, 6, 14), amount=9_500, admin=500)
    assert d.posting is not None
    assert Event.objects.get(object_public_id=d.public_id).verb == LedgerEvent.DISTRIBUTION_RECORDED


@time_machine.travel(NOW, tick=False)
def test_a_supplier_records_distributions_only_for_its_own_facilities(ledger_personas):
    from wsr.core.errors import NotFound

    p = ledger_personas
    with pytest.raises(NotFound):
        services.distribution_record(
            actor=actor_for_user(p.supplier_y), program=p.program,
            item=services.DistributionInput(p.facility_x.public_id, p.brand_a.organisation.public_id,
                                            D(2026, 6, 1), D(2026, 6, 14), 10, 100, 0, "USD"),
        )  # fmt: skip
    with pytest.raises(CapabilityMissing):
        services.distribution_record(
            actor=actor_for_user(p.brand_a), program=p.program,
            item=services.DistributionInput(p.facility_x.public_id, p.brand_a.organisation.public_id,
                                            D(2026, 6, 1), D(2026, 6, 14), 10, 100, 0, "USD"),
        )  # fmt: skip


@time_machine.travel(NOW, tick=False)
def test_a_payroll_upload_with_one_bad_line_records_nothing(ledger_personas):
    p = ledger_personas
    good = {"facility": p.facility_x.public_id, "brand": p.brand_a.organisation.public_id,
            "period_start": "2026-05-01", "period_end": "2026-05-14", "workers_paid": "30",
            "distributed": "95.00", "admin_share": "5.00", "currency": "USD"}  # fmt: skip
    bad = {**good, "period_start": "2026-05-15", "period_end": "2026-05-28", "admin_share": "50.00"}
    actor = actor_for_user(p.supplier_x)

    result = services.payroll_upload(actor=actor, program=p.program, rows=[good, bad], header=list(good))

    assert result.recorded == 0
    assert [(e.line, e.column) for e in result.errors] == [(3, "admin_share")]
    assert not Posting.objects.exists()
    ok = services.payroll_upload(actor=actor, program=p.program, rows=[good], header=list(good))
    assert ok.recorded == 1 and not ok.errors


@time_machine.travel(NOW, tick=False)
def test_reversing_a_payment_is_a_reversal_posting(ledger_personas):
    p = ledger_personas
    line(p, p.brand_a, p.facility_x, on=D(2026, 5, 1), premium=100)
    payment = pay(p, p.brand_a, p.facility_x, amount=100, on=D(2026, 6, 1))

    services.payment_reverse(actor=actor_for_user(p.council_admin), payment=payment, reason="Paid twice by mistake")

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REVERSED
    assert Posting.objects.filter(reverses=payment.posting, kind=PostingKind.REVERSAL).exists()
    assert Event.objects.filter(object_public_id=payment.public_id).latest("id").verb == LedgerEvent.POSTING_REVERSED
    assert journal_verify(p.program).ok


@time_machine.travel(NOW, tick=False)
def test_reversing_a_distribution_negates_its_posting_and_frees_its_period(ledger_personas):
    p = ledger_personas
    pay(p, p.brand_a, p.facility_x, amount=1_000, on=D(2026, 5, 1))
    d = distribute(p, p.brand_a, p.facility_x, start=D(2026, 5, 4), end=D(2026, 5, 17), amount=950, admin=50)

    services.distribution_reverse(actor=actor_for_user(p.council_admin), distribution=d, reason="Wrong facility")

    d.refresh_from_db()
    assert d.reversed
    reversal = Posting.objects.get(reverses=d.posting)
    assert sorted(reversal.legs.values_list("amount_minor", flat=True)) == [-950, -50, 1_000]
    assert Event.objects.filter(object_public_id=d.public_id).latest("id").verb == LedgerEvent.POSTING_REVERSED
    assert journal_verify(p.program).ok
    with pytest.raises(CapabilityMissing):
        services.distribution_reverse(actor=actor_for_user(p.supplier_x), distribution=d, reason="again")
    again = distribute(p, p.brand_a, p.facility_x, start=D(2026, 5, 4), end=D(2026, 5, 17), amount=1_000)
    assert again.posting is not None
