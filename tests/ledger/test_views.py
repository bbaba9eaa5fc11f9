"""Ledger pages and API: tenant isolation (another brand's payment is a 404), the figures on each
page, the table beside the chart, exports, and the links from the home pages."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook

from tests.ledger.conftest import distribute, line, pay
from wsr.core.models import Event
from wsr.ledger.events import LedgerEvent
from wsr.ledger.models import Payment, PaymentStatus

pytestmark = pytest.mark.django_db

D = dt.date
NOW = dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC)


@pytest.fixture
def books(ledger_personas):
    p = ledger_personas
    with time_machine.travel(NOW, tick=False):
        p.program.seasons.create(name="2025-26", starts_on=D(2025, 10, 1), ends_on=D(2026, 6, 30))
        line(p, p.brand_a, p.facility_x, on=D(2026, 3, 3), premium=12_000)
        line(p, p.brand_b, p.facility_y, on=D(2026, 3, 3), premium=3_000, eligible=False)
        pay(p, p.brand_a, p.facility_x, amount=12_000, on=D(2026, 3, 20))
        pay(p, p.brand_b, p.facility_y, amount=1_000, on=D(2026, 3, 20), confirm=False)
        distribute(p, p.brand_a, p.facility_x, start=D(2026, 3, 23), end=D(2026, 4, 5), amount=11_100, admin=900,
                   audited=True)  # fmt: skip
    return p


@time_machine.travel(NOW, tick=False)
def test_brand_b_cannot_open_brand_a_payment(books, client_as):
    payment = Payment.objects.get(brand=books.brand_a.organisation)
    url = f"/ledger/{books.program.slug}/payments/{payment.public_id}/"

    assert client_as("brand_a").get(url).status_code == 200
    assert client_as("brand_b").get(url).status_code == 404
    assert client_as("supplier_y").get(url).status_code == 404
    api = client_as("brand_b").get(f"/api/v1/programs/{books.program.slug}/ledger/payments").json()
    assert [p["payment"] for p in api] == [Payment.objects.get(brand=books.brand_b.organisation).public_id]


@time_machine.travel(NOW, tick=False)
def test_brand_obligations_show_owed_paid_and_the_season_table(books, client_as):
    page = client_as("brand_a").get(f"/ledger/{books.program.slug}/obligations/").content.decode()

    assert "120.00 USD" in page  # owed and paid
    assert 'data-testid="season-table"' in page and "2025-26" in page
    assert "premium-chart-data" in page and "chart.umd.min.js" in page
    assert "Supplier Y" not in page  # nothing of brand B's facility


@time_machine.travel(NOW, tick=False)
def test_a_supplier_confirms_a_payment_from_its_statement(books, client_as):
    payment = Payment.objects.get(brand=books.brand_b.organisation)
    client = client_as("supplier_y")
    statement = client.get(f"/ledger/{books.program.slug}/statement/").content.decode()
    assert payment.public_id in statement

    response = client.post(f"/ledger/{books.program.slug}/payments/{payment.public_id}/confirm/", {"note": ""})

    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CONFIRMED
    assert Event.objects.filter(object_public_id=payment.public_id, verb=LedgerEvent.PAYMENT_CONFIRMED).exists()


@time_machine.travel(NOW, tick=False)
def test_a_brand_records_a_payment_through_the_api(books, client_as):
    body = {"facility": books.facility_x.public_id, "amount_minor": 4_321, "paid_on": "2026-06-01", "reference": "W-9"}
    response = client_as("brand_a").post(
        f"/api/v1/programs/{books.program.slug}/ledger/payments", body, content_type="application/json"
    )
    assert response.status_code == 201
    created = Payment.objects.get(public_id=response.json()["payment"])
    assert (created.amount_minor, created.status) == (4_321, PaymentStatus.RECORDED)
    # brand B does not source from facility X: refused with a stable code
    refused = client_as("brand_b").post(
        f"/api/v1/programs/{books.program.slug}/ledger/payments", body, content_type="application/json"
    )
    assert refused.status_code == 400 and refused.json()["code"] == "not_a_supplier_facility"


@time_machine.travel(NOW, tick=False)
def test_the_monitor_runs_the_rules_and_drills_down_to_lines(books, client_as):
    client = client_as("council_admin")
    assert client.post(f"/ledger/{books.program.slug}/reconciliation/run/").status_code == 302

    page = client.get(f"/ledger/{books.program.slug}/reconciliation/").content.decode()
    assert 'data-testid="finding-admin_share"' in page and 'data-testid="finding-ineligible"' in page
    assert "hash chain verifies" in page
    drill = client.get(
        f"/ledger/{books.program.slug}/reconciliation/{books.brand_b.organisation.public_id}/{books.facility_y.public_id}/"
    ).content.decode()
    assert "bought inside a suspension" in drill


@time_machine.travel(NOW, tick=False)
def test_exports_give_the_same_figures_as_csv_and_xlsx(books, client_as):
    client = client_as("auditor")
    response = client.get(f"/ledger/{books.program.slug}/reconciliation/export.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    book = load_workbook(io.BytesIO(client.get(f"/ledger/{books.program.slug}/reconciliation/export.xlsx").content))
    sheet = list(book["reconciliation"].values)

    assert sum(int(r["owed_minor"]) for r in rows) == 15_000
    assert len(sheet) == len(rows) + 1
    assert [str(v) for v in sheet[1]] == list(rows[0].values())


def test_home_pages_link_to_the_ledger(books, client_as):
    slug = books.program.slug
    assert f"/ledger/{slug}/obligations/" in client_as("brand_a").get("/home/").content.decode()
    assert f"/ledger/{slug}/statement/" in client_as("supplier_x").get("/home/").content.decode()
    assert f"/ledger/{slug}/reconciliation/" in client_as("council_admin").get("/home/").content.decode()
    agreements_page = client_as("brand_a").get(f"/agreements/{slug}/obligations/").content.decode()
    assert f"/ledger/{slug}/obligations/" in agreements_page


@time_machine.travel(NOW, tick=False)
def test_a_brand_records_a_payment_with_its_proof_on_the_form(books, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    proof = SimpleUploadedFile("receipt.pdf", b"%PDF-1.4 bank receipt", content_type="application/pdf")
    response = client_as("brand_a").post(
        f"/ledger/{books.program.slug}/payments/new/",
        {"facility": books.facility_x.public_id, "amount": "1,234.50", "paid_on": "2026-06-10", "period": "2026-05",
         "reference": "WIRE 88", "proof": proof},
    )  # fmt: skip

    created = Payment.objects.get(reference="WIRE 88")
    assert response.status_code == 302 and response["Location"].endswith(f"/payments/{created.public_id}/")
    assert (created.amount_minor, created.period, created.status) == (123_450, D(2026, 5, 1), PaymentStatus.RECORDED)
    assert created.proof_sha256
    download = client_as("supplier_x").get(f"/ledger/{books.program.slug}/payments/{created.public_id}/proof/")
    assert b"".join(download.streaming_content).startswith(b"%PDF-1.4")
    assert Event.objects.filter(object_public_id=created.public_id, verb=LedgerEvent.PAYMENT_RECORDED).exists()


@time_machine.travel(NOW, tick=False)
def test_a_payroll_upload_names_the_bad_line_and_records_nothing(books, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from wsr.ledger.models import Distribution

    before = Distribution.objects.count()
    header = "facility,brand,period_start,period_end,workers_paid,distributed,admin_share,currency\n"
    who = f"{books.facility_x.public_id},{books.brand_a.organisation.public_id}"
    good = f"{who},2026-06-01,2026-06-14,40,95.00,5.00,USD\n"
    bad = f"{who},2026-06-15,2026-06-28,40,80.00,20.00,USD\n"  # keeps 20 %
    upload = SimpleUploadedFile("payroll.csv", (header + good + bad).encode(), content_type="text/csv")

    response = client_as("supplier_x").post(f"/ledger/{books.program.slug}/distributions/upload/", {"file": upload})

    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="upload-errors"' in page and "<td>3</td><td>admin_share</td>" in page
    assert Distribution.objects.count() == before


@time_machine.travel(NOW, tick=False)
def test_the_monitor_reverses_a_distribution_from_the_drill_down(books, client_as):
    from wsr.ledger.models import Distribution

    d = Distribution.objects.get(facility=books.facility_x)
    slug, client = books.program.slug, client_as("council_admin")
    drill = client.get(f"/ledger/{slug}/reconciliation/{d.brand.public_id}/{d.facility.public_id}/").content.decode()
    assert f"/distributions/{d.public_id}/reverse/" in drill

    response = client.post(f"/ledger/{slug}/distributions/{d.public_id}/reverse/", {"reason": "Payroll misread"})

    assert response.status_code == 302
    d.refresh_from_db()
    assert d.reversed
    assert Event.objects.filter(object_public_id=d.public_id).latest("id").verb == LedgerEvent.POSTING_REVERSED
    assert client_as("brand_b").get(f"/ledger/{slug}/distributions/{d.public_id}/reverse/").status_code == 403
