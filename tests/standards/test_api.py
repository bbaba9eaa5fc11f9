"""GET /api/v1/public/programs/{program}/code: public, adopted text only, per language with fallback."""

from __future__ import annotations

import pytest

from tests.standards.conftest import DRAFT_CANARY
from wsr.accounts.selectors import actor_for_user
from wsr.standards.services import code_version_create, provision_update

pytestmark = pytest.mark.django_db

URL = "/api/v1/public/programs/fair-harvest/code"


def test_the_adopted_code_in_spanish(personas, client, code_builder):
    version = code_builder("adopted")
    response = client.get(URL, {"lang": "es"})
    assert response.status_code == 200
    body = response.json()
    assert body["program"] == "fair-harvest"
    assert (body["version"], body["language"]) == (1, "es")
    assert body["adopted_on"] == version.adopted_at.date().isoformat()
    assert body["effective_from"] == version.effective_from.isoformat()
    first = body["provisions"][0]
    assert first == {
        "ref": "1.1",
        "category": "forced_labour",
        "tier": "zero_tolerance",
        "title": "Prohibido el trabajo forzoso",
        "text": "Nadie trabaja contra su voluntad.",
        "language": "es",
    }
    assert [p["ref"] for p in body["provisions"]] == ["1.1", "2.1", "3.1"]


def test_haitian_creole_falls_back_to_english_where_untranslated(personas, client, code_builder):
    code_builder("adopted")
    body = client.get(URL, {"lang": "ht"}).json()
    assert [(p["ref"], p["language"]) for p in body["provisions"]] == [("1.1", "ht"), ("2.1", "en"), ("3.1", "en")]
    assert body["provisions"][0]["text"] == "Pèsonn pa travay kont volonte yo."


def test_without_lang_the_program_default_language_is_used(personas, client, code_builder):
    code_builder("adopted")
    body = client.get(URL).json()
    assert body["language"] == "en"
    assert body["provisions"][1]["text"] == "Shade and cool water near every work area."


def test_a_language_the_program_does_not_have_is_a_clear_400(personas, client, code_builder):
    code_builder("adopted")
    response = client.get(URL, {"lang": "bn"})
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_language"
    assert "en, es, ht" in response.json()["detail"]


def test_404_when_nothing_is_adopted_and_drafts_never_leak(personas, client, code_builder):
    version = code_builder("approved")
    provision_update(
        actor=actor_for_user(personas.council_admin),
        provision=code_version_create(
            actor=actor_for_user(personas.council_admin), program=personas.program, based_on=version
        ).provisions.get(ref="1.1"),
        category="forced_labour",
        tier="zero_tolerance",
        order=10,
        texts={"en": {"title": "Draft", "text": DRAFT_CANARY}},
    )
    response = client.get(URL, {"lang": "en"})
    assert response.status_code == 404
    assert DRAFT_CANARY not in response.content.decode()
    assert client.get("/api/v1/public/programs/nope/code").status_code == 404


def test_draft_text_never_appears_beside_an_adopted_version(personas, client, code_builder):
    adopted = code_builder("adopted")
    admin = actor_for_user(personas.council_admin)
    draft = code_version_create(actor=admin, program=personas.program, based_on=adopted)
    provision_update(
        actor=admin,
        provision=draft.provisions.get(ref="1.1"),
        category="forced_labour",
        tier="zero_tolerance",
        order=10,
        texts={"en": {"title": "Draft", "text": DRAFT_CANARY}, "es": {"title": "B", "text": DRAFT_CANARY}},
    )
    for lang in ("en", "es", "ht"):
        response = client.get(URL, {"lang": lang})
        assert response.json()["version"] == 1
        assert DRAFT_CANARY not in response.content.decode()


def test_the_endpoint_is_documented_as_public_in_openapi(client):
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/public/programs/{program}/code"]["get"]
    assert "security" not in operation or operation["security"] == []
    assert any(p["name"] == "lang" for p in operation["parameters"])
    assert {"200", "400", "404"} <= set(operation["responses"])
