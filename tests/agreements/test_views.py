"""Agreement pages: the staff path from draft to signature, a brand's view, upload checks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.agreements.conftest import make_draft, make_ready, pdf
from tests.conftest import login
from wsr.agreements.models import Agreement
from wsr.agreements.services import agreement_sign
from wsr.core.events import events_for_object
from wsr.core.models import TransparencyEntry

pytestmark = pytest.mark.django_db


def url(agreement, suffix=""):
    return f"/agreements/{agreement.program.slug}/{agreement.public_id}/{suffix}"


def test_worker_org_staff_take_an_agreement_from_draft_to_active_through_the_pages(client, personas):
    login(client, personas.worker_org_staff)
    # given a new draft made on the page
    response = client.post(
        "/agreements/fair-harvest/new/",
        {
            "brand": personas.brand_a.organisation.public_id,
            "title": "Brand A agreement",
            "effective_from": "2026-01-01",
            "reporting_cadence": "per_season",
            "source_only_good_standing": "on",
        },
    )
    agreement = Agreement.objects.get(title="Brand A agreement")
    assert response.status_code == 302 and response["Location"] == url(agreement)
    # when a percentage term, both signatories and the document are added, and it is signed
    assert (
        client.post(url(agreement, "terms/"), {"kind": "percent", "basis_points": 50, "currency": "usd"}).status_code
        == 302
    )
    for org in (personas.program.worker_organisation, personas.brand_a.organisation):
        response = client.post(
            url(agreement, "signatories/"),
            {"organisation": org.public_id, "role": "party", "signatory_name": "N", "signed_on": "2025-12-01"},
        )
        assert response.status_code == 302
    upload = SimpleUploadedFile("signed.pdf", pdf(), content_type="application/pdf")
    assert client.post(url(agreement, "document/"), {"document": upload}).status_code == 302
    assert client.post(url(agreement, "sign/"), {"confirm": "on"}).status_code == 302
    # then it is active with both terms, and the detail page shows the digest and status
    agreement.refresh_from_db()
    assert agreement.status == "active"
    assert sorted(agreement.premium_terms.values_list("kind", flat=True)) == ["per_unit", "percent"]
    assert agreement.premium_terms.get(kind="percent").currency == "USD"
    page = client.get(url(agreement)).content.decode()
    assert agreement.document_sha256 in page
    assert "Active" in page
    verbs = set(events_for_object(agreement).values_list("verb", flat=True))
    assert {"agreement_drafted", "agreement_term_added", "agreement_document_attached", "agreement_signed"} <= verbs


def test_the_upload_page_refuses_non_pdfs_and_large_files(client, personas, monkeypatch):
    agreement = make_draft(personas)
    login(client, personas.council_admin)
    for upload in (
        SimpleUploadedFile("a.docx", b"PK\x03\x04", content_type="application/pdf"),
        SimpleUploadedFile("a.pdf", b"not a pdf", content_type="application/pdf"),
    ):
        response = client.post(url(agreement, "document/"), {"document": upload})
        assert response.status_code == 200
        assert "PDF" in response.content.decode()
    monkeypatch.setattr("wsr.agreements.forms.MAX_DOCUMENT_BYTES", 10)
    response = client.post(url(agreement, "document/"), {"document": SimpleUploadedFile("a.pdf", pdf())})
    assert "20 MB" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.document_sha256 == ""


def test_re_uploading_a_different_document_after_signing_shows_a_clear_refusal(client, personas, admin_actor):
    agreement = make_ready(personas)
    agreement_sign(actor=admin_actor, agreement=agreement)
    agreement.refresh_from_db()
    login(client, personas.council_admin)
    response = client.post(url(agreement, "document/"), {"document": SimpleUploadedFile("x.pdf", pdf("other"))})
    assert response.status_code == 200
    assert "cannot replace it" in response.content.decode()
    response = client.post(url(agreement, "document/"), {"document": SimpleUploadedFile("x.pdf", pdf(agreement.title))})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.document.read() == pdf(agreement.title)


def test_terminating_and_amending_on_the_pages(client, personas, admin_actor):
    agreement = make_ready(personas)
    agreement_sign(actor=admin_actor, agreement=agreement)
    login(client, personas.council_admin)
    response = client.post(url(agreement, "amend/"), {"reason": "new season"})
    new = Agreement.objects.get(previous=agreement)
    assert response["Location"] == url(new)
    assert "Version 2" in client.get(url(new)).content.decode()
    response = client.post(url(agreement, "terminate/"), {"cause": "mutual", "reason": "both agreed"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "terminated"
    assert TransparencyEntry.objects.filter(kind="agreement_terminated").count() == 1


def test_a_brand_sees_its_own_agreements_and_obligations_only(client, personas, admin_actor):
    # given a signed agreement for each brand
    mine = make_ready(personas, title="Brand A deal")
    agreement_sign(actor=admin_actor, agreement=mine)
    theirs = make_ready(personas, title="Brand B deal")
    Agreement.objects.filter(pk=theirs.pk).update(brand=personas.brand_b.organisation)
    login(client, personas.brand_a)
    # when brand A opens its list, obligations and the other brand's agreement
    listing = client.get("/agreements/fair-harvest/").content.decode()
    obligations = client.get("/agreements/fair-harvest/obligations/").content.decode()
    # then it sees its own agreement and terms, not brand B's
    assert "Brand A deal" in listing and "Brand B deal" not in listing
    assert "Brand A deal" in obligations and "0.01 USD / lb" in obligations
    assert "Brand B deal" not in obligations
    assert client.get(url(theirs)).status_code == 404
    assert client.get(url(theirs, "document/download/")).status_code == 404
    assert client.get(url(mine, "document/download/")).status_code == 200


def test_the_public_program_page_lists_signatory_brands_with_dates(client, personas, admin_actor):
    agreement = make_ready(personas, effective_until=dt.date(2027, 12, 31))
    agreement_sign(actor=admin_actor, agreement=agreement)
    page = client.get("/p/fair-harvest/").content.decode()
    assert "Signatory brands" in page
    assert "Brand A Foods" in page
    assert "Dec. 1, 2025" in page and "Jan. 1, 2026" in page and "Dec. 31, 2027" in page  # the locale date format
    assert "Commercial terms not public" in page
    assert "0.01 USD / lb" not in page
