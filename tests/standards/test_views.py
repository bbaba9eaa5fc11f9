"""Staff pages drive the services; the public page shows only the adopted Code."""

from __future__ import annotations

import pytest

from tests.conftest import login
from tests.standards.conftest import DRAFT_CANARY
from wsr.accounts.selectors import actor_for_user
from wsr.core.models import Event
from wsr.standards.models import CodeVersion
from wsr.standards.services import code_version_create, provision_update

pytestmark = pytest.mark.django_db


def _canary_draft(personas, based_on):
    admin = actor_for_user(personas.council_admin)
    draft = code_version_create(actor=admin, program=personas.program, based_on=based_on)
    provision_update(
        actor=admin,
        provision=draft.provisions.get(ref="1.1"),
        category="forced_labour",
        tier="zero_tolerance",
        order=10,
        texts={lang: {"title": DRAFT_CANARY, "text": DRAFT_CANARY} for lang in ("en", "es", "ht")},
    )
    return draft


def test_public_page_shows_the_adopted_version_in_the_chosen_language(personas, client, code_builder):
    adopted = code_builder("adopted")
    _canary_draft(personas, adopted)
    response = client.get("/p/fair-harvest/code/?lang=es")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Prohibido el trabajo forzoso" in html
    assert 'lang="es"' in html
    assert "Sombra y agua fresca" in html
    assert DRAFT_CANARY not in html
    for code in ("en", "es", "ht"):
        assert f'href="?lang={code}"' in html or f'<strong lang="{code}"' in html
    # an untranslated provision says so and carries the language it is really in
    assert 'lang="en">Each payslip shows hours and premium.' in html


def test_public_page_without_an_adopted_code_says_so(personas, client, code_builder):
    proposed = code_builder("approved")
    _canary_draft(personas, proposed)
    html = client.get("/p/fair-harvest/code/").content.decode()
    assert "No Code of Conduct has been adopted" in html
    assert DRAFT_CANARY not in html
    assert "No forced labour" not in html


def test_public_page_ignores_an_unknown_language(personas, client, code_builder):
    code_builder("adopted")
    html = client.get("/p/fair-harvest/code/?lang=xx").content.decode()
    assert "No forced labour" in html


def test_drafts_are_invisible_to_brands_and_the_public(personas, client, code_builder):
    draft = _canary_draft(personas, code_builder("adopted"))
    url = f"/standards/fair-harvest/v/{draft.public_id}/"
    assert client.get(url).status_code == 302
    for user in (personas.brand_a, personas.supplier_x):
        login(client, user)
        response = client.get(url)
        assert response.status_code == 403
        assert DRAFT_CANARY not in response.content.decode()
    login(client, personas.auditor)
    assert DRAFT_CANARY in client.get(url).content.decode()


def test_staff_create_a_draft_add_a_provision_and_propose_through_the_pages(personas, client):
    login(client, personas.council_admin)
    response = client.post("/standards/fair-harvest/new/", {"title": "Fair Harvest Code"})
    version = CodeVersion.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/v/{version.public_id}/")
    base = f"/standards/fair-harvest/v/{version.public_id}"
    form = client.get(f"{base}/provisions/new/").content.decode()
    assert 'name="text_ht"' in form and 'lang="ht"' in form
    missing = client.post(f"{base}/provisions/new/", {"ref": "1.1", "category": "violence", "tier": "zero_tolerance"})
    assert missing.status_code == 200 and "This field is required" in missing.content.decode()
    saved = client.post(
        f"{base}/provisions/new/",
        {
            "ref": "1.1",
            "category": "violence",
            "tier": "zero_tolerance",
            "title_en": "No violence",
            "text_en": "No violence against any worker.",
            "title_es": "Prohibida la violencia",
            "text_es": "Ninguna violencia contra ningún trabajador.",
        },
    )
    assert saved.status_code == 302
    provision = version.provisions.get()
    assert {x.language for x in provision.texts.all()} == {"en", "es"}
    detail = client.get(f"{base}/").content.decode()
    assert "No violence" in detail and "66% (2 of 3)" not in detail and "67%" not in detail
    assert "100% (1 of 1)" in detail and "0% (0 of 1)" in detail
    edit = client.post(
        f"{base}/provisions/{provision.public_id}/",
        {"category": "violence", "tier": "zero_tolerance", "order": "5", "title_en": "No violence", "text_en": "None."},
    )
    assert edit.status_code == 302
    provision.refresh_from_db()
    assert provision.order == 5
    assert client.post(f"{base}/propose/").status_code == 302
    version.refresh_from_db()
    assert version.status == "proposed"
    assert Event.objects.filter(object_public_id=version.public_id, verb="code_version_proposed").exists()
    # the admin cannot approve (worker-driven gate), and the page offers no button
    assert "Approve</a>" not in client.get(f"{base}/").content.decode()
    assert client.post(f"{base}/approve/", {"note": "x"}).status_code == 403
    # edit pages of a proposed version send back to the version with a message
    assert client.get(f"{base}/provisions/new/").status_code == 302


def test_worker_org_approves_and_adopts_through_the_pages(personas, client, code_builder):
    version = code_builder("proposed")
    base = f"/standards/fair-harvest/v/{version.public_id}"
    login(client, personas.council_admin)
    refused = client.post(f"{base}/adopt/", {})
    assert refused.status_code == 200 and "has not been approved" in refused.content.decode()
    login(client, personas.worker_org_staff)
    assert "Approve</a>" in client.get(f"{base}/").content.decode()
    assert client.post(f"{base}/approve/", {"note": "Assembly of 12 March"}).status_code == 302
    version.refresh_from_db()
    assert version.approved_by == personas.worker_org_staff and version.approval_note == "Assembly of 12 March"
    assert client.post(f"{base}/adopt/", {}).status_code == 302
    version.refresh_from_db()
    assert version.status == "adopted"
    again = client.post(f"{base}/new-draft/")
    assert again.status_code == 302
    assert CodeVersion.objects.filter(based_on=version, status="draft").count() == 1


def test_diff_page_shows_word_changes(personas, client, code_builder):
    v1 = code_builder("adopted")
    admin = actor_for_user(personas.council_admin)
    v2 = code_version_create(actor=admin, program=personas.program, based_on=v1)
    provision_update(
        actor=admin,
        provision=v2.provisions.get(ref="2.1"),
        category="health_safety",
        tier="serious",
        order=20,
        texts={
            "en": {"title": "Shade and water", "text": "Shade and cool water near every crew."},
            "es": {"title": "Sombra y agua", "text": "Sombra y agua fresca cerca de cada área de trabajo."},
        },
    )
    login(client, personas.investigator)
    html = client.get(f"/standards/fair-harvest/diff/?from={v1.public_id}&to={v2.public_id}").content.decode()
    assert "<del>work area.</del>" in html and "<ins>crew.</ins>" in html
    assert "Unchanged: 1.1, 3.1" in html
    default = client.get("/standards/fair-harvest/diff/").content.decode()
    assert "<ins>crew.</ins>" in default  # latest against the version it is based on
