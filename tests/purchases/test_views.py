"""The brand's purchases page (upload, progress, report), and the monitors' page."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.purchases.conftest import HEADER, at, line, standing_history
from wsr.core.models import Event
from wsr.purchases.events import PurchasesEvent
from wsr.purchases.models import CutAndRunFlag, PurchaseLine, PurchaseUpload, UploadStatus
from wsr.purchases.services import progress_path, upload_path

pytestmark = pytest.mark.django_db


def _csv(personas, *rows: dict[str, str]) -> bytes:
    fields = HEADER.split(",")
    body = [HEADER, *(",".join(r[f] for f in fields) for r in rows)]
    return ("\n".join(body) + "\n").encode()


def _post(client, personas, name: str, data: bytes):
    return client.post(f"/purchases/{personas.program.slug}/", {"file": SimpleUploadedFile(name, data)})


def test_a_brand_uploads_a_csv_and_sees_its_counts(priced, client_as):
    client = client_as("brand_a")
    fx = priced.facility_x
    answer = _post(client, priced, "march.csv", _csv(priced, line(1, fx), line(2, fx, quantity="2000")))
    upload = PurchaseUpload.objects.get()
    assert answer.status_code == 302 and answer["Location"].endswith(f"/uploads/{upload.public_id}/")
    assert (upload.status, upload.added, upload.filename, upload.file_format) == ("done", 2, "march.csv", "csv")
    assert Event.objects.filter(verb=PurchasesEvent.UPLOAD_RECEIVED, object_public_id=upload.public_id).exists()
    page = client.get(answer["Location"])
    assert page.status_code == 200
    assert b'data-testid="added">2<' in page.content
    home = client.get(f"/purchases/{priced.program.slug}/")
    assert b"30.00 USD" in home.content  # 3000 lb at 1 cent
    assert not progress_path(upload).exists()
    assert upload_path(upload).exists()


def test_a_refused_upload_lists_line_column_and_reason(priced, client_as):
    client = client_as("brand_a")
    fx = priced.facility_x
    _post(client, priced, "bad.csv", _csv(priced, line(1, fx), line(2, fx, unit="bushel")))
    upload = PurchaseUpload.objects.get()
    assert upload.status == UploadStatus.REFUSED
    page = client.get(f"/purchases/{priced.program.slug}/uploads/{upload.public_id}/")
    html = page.content.decode()
    assert "<td>3</td><td>unit</td><td>Unknown unit" in html
    assert PurchaseLine.objects.count() == 0


def test_a_spreadsheet_is_read_like_a_csv(priced, client_as):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    fx = priced.facility_x.public_id
    sheet.append(["X1", fx, dt.datetime(2026, 3, 1), "tomatoes", 1250.5, "lb", 99.99, "USD"])
    sheet.append(["X2", fx, "2026-03-02", "peppers", 10, "kg", 1000, "USD"])
    out = io.BytesIO()
    book.save(out)
    _post(client_as("brand_a"), priced, "march.xlsx", out.getvalue())
    upload = PurchaseUpload.objects.get()
    assert (upload.status, upload.file_format, upload.added) == ("done", "xlsx", 2), upload.errors
    x1 = PurchaseLine.objects.get(line_id="X1")
    assert (x1.date, str(x1.quantity.normalize()), x1.value_minor, x1.premium_minor) == (
        dt.date(2026, 3, 1),
        "1250.5",
        9999,
        1251,  # 1250.5 cents, half up
    )
    assert PurchaseLine.objects.get(line_id="X2").premium_minor == 500  # 0.5 % of 1000.00


def test_a_running_upload_shows_its_progress_and_refreshes_without_js(priced, client_as):
    upload = PurchaseUpload.objects.create(
        program=priced.program,
        brand=priced.brand_a.organisation,
        status="running",
        file_format="csv",
        size=1000,
        created_at=at(dt.date(2026, 3, 1)),
    )
    progress_path(upload).parent.mkdir(parents=True, exist_ok=True)
    progress_path(upload).write_text("20000 400 1000")
    client = client_as("brand_a")
    page = client.get(f"/purchases/{priced.program.slug}/uploads/{upload.public_id}/").content.decode()
    assert "20000 lines checked so far" in page
    assert '<progress max="100" value="40">' in page
    assert '<meta http-equiv="refresh" content="3">' in page  # without JavaScript
    assert "htmx.min.js" in page  # with it: the fragment is polled
    fragment = client.get(
        f"/purchases/{priced.program.slug}/uploads/{upload.public_id}/progress/", headers={"HX-Request": "true"}
    )
    assert "hx-trigger" in fragment.content.decode() and "HX-Refresh" not in fragment


def test_the_monitor_sees_breaches_and_cut_and_run_flags(priced, client_as):
    fx = priced.facility_x
    standing_history(priced, fx, (at(dt.date(2026, 3, 10)), "suspended"))
    _post(client_as("brand_a"), priced, "s.csv", _csv(priced, line(1, fx, date="2026-03-12")))
    CutAndRunFlag.objects.create(
        program=priced.program,
        brand=priced.brand_a.organisation,
        facility=priced.facility_y,
        trigger="complaint",
        trigger_key="complaint:1",
        trigger_on=dt.date(2026, 5, 1),
        window_days=90,
        before_minor=100000,
        after_minor=10000,
        currency="USD",
        drop_percent=90,
        created_at=at(dt.date(2026, 8, 1)),
    )
    page = client_as("investigator").get(f"/purchases/{priced.program.slug}/monitor/").content.decode()
    assert "Brand A Foods" in page and fx.name in page
    assert "−90 %" in page and "Source only from suppliers in good standing" in page
    assert "Agreement with Brand A Foods" in page


def test_an_unexpected_failure_marks_the_report_failed_with_nothing_recorded(priced, client_as, monkeypatch, settings):
    from wsr.purchases import services

    def broken(self, batch):
        raise RuntimeError("disk full")

    settings.WSR_TASK_BACKEND = "database"  # queued, run below as a worker would
    fx = priced.facility_x
    _post(client_as("brand_a"), priced, "march.csv", _csv(priced, line(1, fx)))
    upload = PurchaseUpload.objects.get()
    assert upload.status == UploadStatus.QUEUED
    monkeypatch.setattr(services._Writer, "write", broken)
    with pytest.raises(RuntimeError):
        services.purchase_upload_run.call(upload_id=upload.public_id)
    upload.refresh_from_db()
    assert upload.status == UploadStatus.FAILED
    assert Event.objects.get(verb=PurchasesEvent.FAILED, object_public_id=upload.public_id).data == {
        "error": "RuntimeError"
    }
    assert PurchaseLine.objects.count() == 0
    assert not progress_path(upload).exists()
