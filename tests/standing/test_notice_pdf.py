"""Every enforcement notice is a document: its page and a PDF of the same content, for exactly
those who may see the notice, in the viewer's language, named by the notice's public id.

PDF bytes hold glyph ids, not text: the tests record the HTML the view rendered to PDF and read
the text WeasyPrint laid out from it (the layout the bytes are painted from), and check the bytes
themselves (a PDF, with the shipped fonts embedded)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import login
from tests.core.test_pdf import embedded_fonts
from tests.standing.conftest import activate_agreement, actor
from wsr.core.models import Event
from wsr.core.pdf import document_text, render_document, render_pdf
from wsr.standing import views
from wsr.standing.models import Notice
from wsr.standing.services import standing_decide, standing_notices_send
from wsr.standing.transitions import Grounds, Standing

pytestmark = pytest.mark.django_db


@pytest.fixture
def notices(admitted: Any) -> Any:
    personas = admitted
    activate_agreement(personas, personas.brand_a)
    decision = standing_decide(
        actor=actor(personas.investigator),
        program=personas.program,
        facilities=[personas.facility_x],
        target=Standing.SUSPENDED,
        grounds=Grounds.ZERO_TOLERANCE,
        grounds_ref="cmp-1",
        reason="Forced labour confirmed.",
    )
    standing_notices_send.call(decision=decision.public_id)
    return personas


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The HTML each PDF was rendered from (the real renderer still runs)."""
    seen: list[str] = []

    def spy(html: str, **kwargs: Any) -> bytes:
        seen.append(html)
        return render_pdf(html, **kwargs)

    monkeypatch.setattr(views, "render_pdf", spy)
    return seen


def test_the_brand_downloads_its_notice_as_pdf_in_its_language(notices: Any, client: Any, rendered: list[str]) -> None:
    personas = notices
    notice = Notice.objects.get(organisation=personas.brand_a.organisation)
    brand = login(client, personas.brand_a)
    response = brand.get(f"/standing/notices/{notice.public_id}/pdf/", HTTP_ACCEPT_LANGUAGE="bn")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{notice.public_id}.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert "WSR-Noto-Sans-Bengali-Bold" in embedded_fonts(response.content)  # the Bengali heading

    (html,) = rendered
    assert '<html lang="bn">' in html
    text = document_text(render_document(html))
    assert "Supplier X Farm One" in text and "Brand A Foods" in text and "Forced labour confirmed." in text
    assert notice.public_id in text
    assert "কারখানা" in text  # "Facility" in Bengali: the viewer's language
    # Opening the PDF is opening the notice (delivery record), once.
    notice.refresh_from_db()
    assert notice.opened_at is not None
    assert Event.objects.filter(verb="enforcement_notice_opened", object_id=str(notice.pk)).count() == 1


def test_the_pdf_has_the_same_content_as_the_page(notices: Any, client: Any, rendered: list[str]) -> None:
    personas = notices
    notice = Notice.objects.get(organisation=personas.supplier_x.organisation)
    supplier = login(client, personas.supplier_x)
    page = supplier.get(f"/standing/notices/{notice.public_id}/").content.decode()
    assert f"/standing/notices/{notice.public_id}/pdf/" in page
    assert supplier.get(f"/standing/notices/{notice.public_id}/pdf/").status_code == 200
    (html,) = rendered
    for fact in ("Supplier X Farm One", "Supplier X Growers", "Confirmed zero-tolerance violation", notice.public_id):
        assert fact in page and fact in html


def test_another_brand_gets_404_and_nothing_is_rendered(notices: Any, client: Any, rendered: list[str]) -> None:
    personas = notices
    notice = Notice.objects.get(organisation=personas.brand_a.organisation)
    assert login(client, personas.brand_b).get(f"/standing/notices/{notice.public_id}/pdf/").status_code == 404
    other = login(client.__class__(), personas.supplier_y)
    assert other.get(f"/standing/notices/{notice.public_id}/pdf/").status_code == 404
    assert rendered == []
    notice.refresh_from_db()
    assert notice.opened_at is None


def test_the_monitor_and_the_worker_organisation_may_download_without_opening_it(
    notices: Any, client: Any, rendered: list[str]
) -> None:
    personas = notices
    notice = Notice.objects.get(organisation=personas.brand_a.organisation)
    for user in (personas.investigator, personas.worker_org_staff):
        assert login(client.__class__(), user).get(f"/standing/notices/{notice.public_id}/pdf/").status_code == 200
    assert len(rendered) == 2
    notice.refresh_from_db()
    assert notice.opened_at is None  # only the addressee opens it


def test_the_api_gives_the_same_pdf_to_the_brands_systems(notices: Any, client: Any) -> None:
    personas = notices
    notice = Notice.objects.get(organisation=personas.brand_a.organisation)
    brand = login(client, personas.brand_a)
    response = brand.get(f"/api/v1/standing/notices/{notice.public_id}/pdf", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == f'attachment; filename="{notice.public_id}.pdf"'
    other = login(client.__class__(), personas.brand_b)
    assert other.get(f"/api/v1/standing/notices/{notice.public_id}/pdf").status_code == 404
    listing = brand.get("/standing/notices/").content.decode()
    assert f"/standing/notices/{notice.public_id}/pdf/" in listing
