"""The import pages: upload, report, review decisions, and who may see them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from wsr.core.models import Event
from wsr.registry.models import Facility, ImportJob, ImportRow, ImportStatus, Resolution, RowOutcome

LISTS = Path(__file__).resolve().parents[1] / "data" / "facility-lists"


def _upload(client: Client, name: str, data: bytes, **extra: str):
    return client.post(
        reverse("registry:import_new", args=["fair-harvest"]),
        {"file": SimpleUploadedFile(name, data, content_type="text/csv"), **extra},
    )


def test_council_admin_uploads_a_list_and_sees_the_report(personas):
    client = login(Client(), personas.council_admin)

    response = _upload(client, "brand-list-3.csv", (LISTS / "brand-list-3.csv").read_bytes(), accept_out_of_scope="on")

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:import_detail", args=["fair-harvest", job.public_id])
    assert job.status == ImportStatus.DONE and job.uploaded_by == personas.council_admin
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert f"<dd>{job.created_count}</dd>" in body
    assert "Dalian Sportech Apparel Co., Ltd." in body
    assert "hx-trigger" not in body
    listing = client.get(reverse("registry:import_list", args=["fair-harvest"])).content.decode()
    assert "brand-list-3.csv" in listing


def test_the_report_filters_by_outcome(personas):
    client = login(Client(), personas.council_admin)
    _upload(client, "l.csv", b"country,name,address\nAtlantis,Sunk Mill,1 Sea Road\nUS,Good Farm,1 Road\n")
    job = ImportJob.objects.get()

    body = client.get(
        reverse("registry:import_detail", args=["fair-harvest", job.public_id]), {"outcome": "rejected"}
    ).content.decode()

    assert "Sunk Mill" in body and "Unknown country" in body
    assert "Good Farm" not in body


def test_an_upload_with_a_brand_records_it(personas):
    client = login(Client(), personas.council_admin)
    brand = personas.brand_a.organisation

    _upload(client, "l.csv", b"country,name,address\nUS,Good Farm,1 Road\n", brand=brand.public_id)

    assert ImportJob.objects.get().brand == brand


def test_a_refused_file_shows_the_reason_and_imports_nothing(personas):
    client = login(Client(), personas.council_admin)
    events = Event.objects.count()

    response = _upload(client, "junk.csv", b"\x00\x01\x02garbage" * 100)

    assert response.status_code == 400
    assert "not readable text" in response.content.decode()
    assert ImportJob.objects.get().status == ImportStatus.FAILED
    assert Event.objects.count() == events
    assert Facility.objects.count() == 3


def test_a_running_import_polls_for_progress(personas):
    client = login(Client(), personas.council_admin)
    job = ImportJob.objects.create(
        program=personas.program,
        filename="big.csv",
        sha256="0" * 64,
        status=ImportStatus.RUNNING,
        total_rows=1000,
        processed_rows=250,
        created_at="2025-01-01T00:00:00Z",
    )

    body = client.get(reverse("registry:import_detail", args=["fair-harvest", job.public_id])).content.decode()
    fragment = client.get(
        reverse("registry:import_progress", args=["fair-harvest", job.public_id]), headers={"HX-Request": "true"}
    )

    assert 'hx-trigger="every 2s"' in body
    assert '<meta http-equiv="refresh"' in body
    assert 'value="25"' in body
    assert "250 of 1000" in fragment.content.decode()
    assert "HX-Refresh" not in fragment


def test_reviewer_confirms_or_creates_from_the_page(personas):
    client = login(Client(), personas.council_admin)
    _upload(
        client,
        "a.csv",
        b'country,name,address\nCN,Huai An Yuan Tong Headwear Mfg. Co. Ltd.,"No. 30 & 32 Yan '
        b'Huang Avenue, Lian Shui Economic Development Zone, Jiang Su Province"\n',
        accept_out_of_scope="on",
    )
    _upload(
        client,
        "b.csv",
        b'country,name,address\nCN,Huai An Yuan Tong Headwear Mfg. Co. Ltd.,"No.1 Yan Huang '
        b'Avenue Lian Shui New Industrial Zone,Huai An,Jiangsu 223400. China"\n'
        b'CN,Huai An Yuan Tong Headwear Mfg. Co. Ltd.,"No.1 Yan Huang Avenue Lian Shui New Industrial Zone,'
        b'Huai An City,Jiangsu 223400"\n',
        accept_out_of_scope="on",
    )
    job = ImportJob.objects.get(filename="b.csv")
    assert job.review_count == 2
    detail = reverse("registry:import_detail", args=["fair-harvest", job.public_id])
    assert "Confirm: same facility" in client.get(detail, {"outcome": "pending"}).content.decode()

    url2 = reverse("registry:import_row_resolve", args=["fair-harvest", job.public_id, 2])
    url3 = reverse("registry:import_row_resolve", args=["fair-harvest", job.public_id, 3])
    assert client.post(url2, {"decision": "confirm"}).status_code == 302
    assert (
        client.post(url3, {"decision": "new", "next": "?outcome=pending&page=1"})["Location"]
        == detail + "?outcome=pending&page=1"
    )

    rows = {r.line: r for r in ImportRow.objects.filter(job=job)}
    assert rows[2].resolution == Resolution.CONFIRMED and rows[2].facility == rows[2].candidate
    assert rows[3].resolution == Resolution.NEW and rows[3].facility != rows[3].candidate
    assert Event.objects.filter(verb="import_row_resolved").count() == 2
    assert client.post(url2, {"decision": "new"}).status_code == 302  # already decided: a message, no change
    assert ImportRow.objects.get(job=job, line=2).resolution == Resolution.CONFIRMED


@pytest.mark.parametrize("persona", ["brand_a", "supplier_x", "auditor", "worker_org_staff"])
def test_other_roles_cannot_use_the_import_pages(personas, persona):
    job = ImportJob.objects.create(
        program=personas.program,
        filename="x.csv",
        sha256="0" * 64,
        status=ImportStatus.DONE,
        created_at="2025-01-01T00:00:00Z",
    )
    ImportRow.objects.create(
        job=job,
        line=2,
        data={"name": "X", "address": "Y", "country": "US"},
        outcome=RowOutcome.REVIEW,
        candidate=personas.facility_x,
        score=85,
    )
    client = login(Client(), getattr(personas, persona))
    urls = [
        reverse("registry:import_list", args=["fair-harvest"]),
        reverse("registry:import_new", args=["fair-harvest"]),
        reverse("registry:import_detail", args=["fair-harvest", job.public_id]),
        reverse("registry:import_progress", args=["fair-harvest", job.public_id]),
    ]
    for url in urls:
        assert client.get(url).status_code in (403, 404), url
    assert _upload(client, "l.csv", b"country,name,address\nUS,A,B\n").status_code in (403, 404)
    resolve = reverse("registry:import_row_resolve", args=["fair-harvest", job.public_id, 2])
    assert client.post(resolve, {"decision": "new"}).status_code in (403, 404)
    assert ImportRow.objects.get(job=job).resolution == ""
    assert ImportJob.objects.count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(personas):
    response = Client().get(reverse("registry:import_new", args=["fair-harvest"]))
    assert response.status_code == 302


def test_admin_of_another_program_gets_404(personas):
    client = login(Client(), personas.council_admin)
    assert client.get(reverse("registry:import_list", args=["garment-safety"])).status_code == 404


def test_a_list_outside_the_program_is_answered_with_a_warning_and_the_confirmation_box(personas):
    client = login(Client(), personas.council_admin)

    response = _upload(client, "brand-list-3.csv", (LISTS / "brand-list-3.csv").read_bytes())

    assert response.status_code == 400
    body = response.content.decode()
    assert "outside this program" in body and 'name="accept_out_of_scope"' in body
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and "outside this program" in job.error
    assert not ImportRow.objects.exists()
