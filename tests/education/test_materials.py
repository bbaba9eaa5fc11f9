"""The materials library: drafts per language, publication (one published version per material and
language), retirement, file checks by magic bytes, events and public log entries."""

from __future__ import annotations

import hashlib

import pytest

from wsr.accounts.selectors import actor_for_user
from wsr.core.errors import CapabilityMissing, DomainError, TransitionNotAllowed
from wsr.core.events import events_for_object
from wsr.core.models import TransparencyEntry
from wsr.education import files
from wsr.education.models import Material, MaterialVersion
from wsr.education.selectors import published_materials
from wsr.education.services import (
    material_create,
    material_version_draft,
    material_version_publish,
    material_version_retire,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
OGG = b"OggS\x00\x02" + b"\x00" * 64


def make(personas, **overrides):
    values = {
        "program": personas.program,
        "name": "Know your rights",
        "category": "wages_hours",
        "language": "en",
        "title": "Know your rights",
        "body": "You must be paid for every hour you work.",
        **overrides,
    }
    return material_create(actor=actor_for_user(personas.worker_org_staff), **values)


def test_a_new_material_starts_as_a_draft_nobody_outside_sees(personas):
    version = make(personas)
    assert (version.status, version.number, version.language) == ("draft", 1, "en")
    assert version.material.category == "wages_hours"
    assert events_for_object(version).get().verb == "education_material_drafted"
    assert not published_materials(program=personas.program).exists()


def test_publishing_makes_it_public_and_logs_it(personas):
    version = make(personas)
    material_version_publish(actor=actor_for_user(personas.worker_org_staff), version=version)
    version.refresh_from_db()
    assert version.status == "published" and version.published_at is not None
    assert list(published_materials(program=personas.program)) == [version]
    event = events_for_object(version).get(verb="education_material_published")
    assert (event.before, event.after) == ("draft", "published")
    entry = TransparencyEntry.objects.get(kind="education_material_published")
    assert entry.payload["version"] == version.public_id and entry.payload["replaces"] is None
    assert entry.payload["text_sha256"] == hashlib.sha256(version.body.encode()).hexdigest()


def test_publishing_a_new_version_retires_the_one_before_in_that_language_only(personas):
    actor = actor_for_user(personas.council_admin)
    v1 = make(personas)
    material_version_publish(actor=actor, version=v1)
    es = material_version_draft(actor=actor, material=v1.material, language="es", title="Sus derechos", body="Texto")
    material_version_publish(actor=actor, version=es)
    v2 = material_version_draft(actor=actor, material=v1.material, language="en", title="Know your rights", body="v2")
    assert v2.number == 2 and es.number == 1
    material_version_publish(actor=actor, version=v2)
    v1.refresh_from_db()
    es.refresh_from_db()
    assert (v1.status, v2.status, es.status) == ("retired", "published", "published")
    assert events_for_object(v1).filter(verb="education_material_retired").get().reason == "replaced by version 2"
    assert TransparencyEntry.objects.filter(kind="education_material_published").last().payload["replaces"] == (
        v1.public_id
    )
    assert MaterialVersion.objects.filter(material=v1.material, status="published").count() == 2


def test_retiring_a_published_version_removes_it_from_the_public_and_logs_it(personas):
    actor = actor_for_user(personas.worker_org_staff)
    version = make(personas)
    material_version_publish(actor=actor, version=version)
    material_version_retire(actor=actor, version=version, reason="Outdated phone number")
    version.refresh_from_db()
    assert version.status == "retired"
    assert not published_materials(program=personas.program).exists()
    assert events_for_object(version).get(verb="education_material_retired").reason == "Outdated phone number"
    assert TransparencyEntry.objects.filter(kind="education_material_retired").count() == 1


def test_a_discarded_draft_is_retired_without_a_public_entry(personas):
    version = make(personas)
    material_version_retire(actor=actor_for_user(personas.worker_org_staff), version=version)
    version.refresh_from_db()
    assert version.status == "retired"
    assert not TransparencyEntry.objects.filter(kind__startswith="education_material").exists()


def test_a_retired_version_cannot_be_published_again(personas):
    actor = actor_for_user(personas.worker_org_staff)
    version = make(personas)
    material_version_retire(actor=actor, version=version)
    version.refresh_from_db()
    with pytest.raises(TransitionNotAllowed):
        material_version_publish(actor=actor, version=version)


@pytest.mark.parametrize("who", ["investigator", "auditor", "brand_a", "supplier_x"])
def test_only_worker_org_staff_and_admins_manage_materials(personas, who):
    with pytest.raises(CapabilityMissing):
        material_create(
            actor=actor_for_user(getattr(personas, who)),
            program=personas.program,
            name="x",
            category="",
            language="en",
            title="x",
            body="x",
        )
    version = make(personas)
    with pytest.raises(CapabilityMissing):
        material_version_publish(actor=actor_for_user(getattr(personas, who)), version=version)
    version.refresh_from_db()
    assert version.status == "draft"


@pytest.mark.parametrize(
    ("content", "kind", "content_type"),
    [(PDF, "pdf", "application/pdf"), (PNG, "image", "image/png"), (OGG, "audio", "audio/ogg")],
)
def test_files_are_stored_with_their_type_digest_and_size(personas, content, kind, content_type):
    version = make(personas, body="", filename="whatever.bin", content=content)
    assert (version.file_kind, version.content_type, version.file_size) == (kind, content_type, len(content))
    assert version.file_sha256 == hashlib.sha256(content).hexdigest()
    with version.file.open("rb") as handle:
        assert handle.read() == content


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"content": b"<html><script>alert(1)</script>", "filename": "leaflet.pdf"}, "was refused"),
        ({"content": b"MZ\x90\x00" + b"\x00" * 40, "filename": "song.mp3"}, "was refused"),
        ({"body": "", "content": None}, "a text, a file, or both"),
        ({"language": "bn"}, "one of the program's"),
        ({"title": "  "}, "Give the version a title"),
        ({"name": ""}, "Give the material a name"),
        ({"category": "gossip"}, "Not a Code topic"),
    ],
)
def test_refused_materials_store_nothing(personas, overrides, message):
    with pytest.raises(DomainError, match=message):
        make(personas, **overrides)
    assert not Material.objects.exists() and not MaterialVersion.objects.exists()


def test_a_file_over_the_size_limit_is_refused(personas, monkeypatch):
    from wsr.education.services import materials

    monkeypatch.setattr(materials, "MAX_FILE_BYTES", 100)
    with pytest.raises(DomainError, match="larger than 25 MB"):
        make(personas, content=PDF + b"\x00" * 200)
    assert files.MAX_FILE_BYTES == 25 * 1024 * 1024
    assert not MaterialVersion.objects.exists()
