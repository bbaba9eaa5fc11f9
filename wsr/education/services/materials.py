"""The materials library: drafts per language, publication, retirement.

Publishing is public (worker-facing materials are meant to be read by anyone): the version's
title, language, number and file digest go to the program's transparency log, and the version
appears on the program's public library page.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from wsr.core import clock
from wsr.core.errors import ConcurrentChange, DomainError
from wsr.core.events import event_record
from wsr.core.permissions import Actor
from wsr.core.workflow import workflow_step
from wsr.education import transitions
from wsr.education.capabilities import EducationCapability as E
from wsr.education.errors import EducationErrorCode
from wsr.education.events import EducationEvent
from wsr.education.files import MAX_FILE_BYTES, sniff
from wsr.education.models import Material, MaterialVersion
from wsr.education.transitions import MaterialStatus
from wsr.programs.models import Program
from wsr.standards.models import Category

MAX_BODY_CHARS = 20000


def material_version_public(version: MaterialVersion) -> dict[str, Any]:
    material = version.material
    return {
        "program": material.program.public_id,
        "material": material.public_id,
        "version": version.public_id,
        "number": version.number,
        "language": version.language,
        "title": version.title,
        "category": material.category,
        "file_kind": version.file_kind,
        "file_sha256": version.file_sha256,
        "text_sha256": hashlib.sha256(version.body.encode("utf-8")).hexdigest() if version.body else "",
    }


def _held(actor: Actor, program_id: int) -> frozenset[str]:
    return frozenset(actor.grants.get(program_id, frozenset()))


def _check_content(program: Program, language: str, title: str, body: str, content: bytes | None) -> None:
    if language not in program.languages:
        raise DomainError(
            _("The language must be one of the program's: %(langs)s.") % {"langs": ", ".join(program.languages)},
            code=EducationErrorCode.LANGUAGE_PROGRAM_LANGS,
        )
    if not title.strip():
        raise DomainError(
            _("Give the version a title in its language."), code=EducationErrorCode.VERSION_TITLE_LANGUAGE
        )
    if len(body) > MAX_BODY_CHARS:
        raise DomainError(
            _("The text is longer than 20,000 characters: attach it as a PDF instead."),
            code=EducationErrorCode.TEXT_LONGER_CHARACTERS_ATTACH,
        )
    if not body.strip() and not content:
        raise DomainError(
            _("A material needs a text, a file, or both."), code=EducationErrorCode.MATERIAL_NEEDS_TEXT_FILE
        )
    if content is not None:
        if len(content) > MAX_FILE_BYTES:
            raise DomainError(_("The file is larger than 25 MB."), code=EducationErrorCode.FILE_LARGER)
        if sniff(content[:16]) is None:
            raise DomainError(
                _("This file is not a PDF, an image (PNG, JPEG, WebP) or audio (MP3, M4A, OGG): it was refused."),
                code=EducationErrorCode.FILE_PDF_IMAGE_PNG,
            )


def _create_version(
    *,
    actor: Actor,
    material: Material,
    language: str,
    title: str,
    body: str,
    filename: str,
    content: bytes | None,
) -> MaterialVersion:
    number = (
        MaterialVersion.objects.filter(material=material, language=language).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    version = MaterialVersion(
        material=material,
        language=language,
        number=number,
        title=title.strip(),
        body=body.strip(),
        created_by=actor.user,
        created_at=clock.now(),
    )
    stored = ""
    if content:
        kind = sniff(content[:16])
        assert kind is not None
        stored = default_storage.save(
            version.file.field.generate_filename(version, f"file.{kind.extension}"), ContentFile(content)
        )
        version.file.name = stored
        version.file_kind = kind.kind
        version.content_type = kind.content_type
        version.file_sha256 = hashlib.sha256(content).hexdigest()
        version.file_size = len(content)
    try:
        version.save()
    except IntegrityError as exc:
        if stored:
            default_storage.delete(stored)
        raise ConcurrentChange("material") from exc
    event_record(
        actor=actor,
        obj=version,
        verb=EducationEvent.MATERIAL_DRAFTED,
        after=MaterialStatus.DRAFT,
        data={
            "material": material.public_id,
            "language": language,
            "number": number,
            "file_sha256": version.file_sha256,
            "filename": filename[:200],
        },
        program_public_id=material.program.public_id,
    )
    return version


def material_create(
    *,
    actor: Actor,
    program: Program,
    name: str,
    category: str,
    language: str,
    title: str,
    body: str = "",
    filename: str = "",
    content: bytes | None = None,
) -> MaterialVersion:
    """A new material with its first draft version in one language."""
    actor.require(E.MANAGE_MATERIALS, program.pk)
    if not name.strip():
        raise DomainError(_("Give the material a name."), code=EducationErrorCode.MATERIAL_NAME)
    if category and category not in Category.values:
        raise DomainError(
            _("Not a Code topic: %(topics)s.") % {"topics": category}, code=EducationErrorCode.CODE_TOPIC_TOPICS
        )
    _check_content(program, language, title, body, content)
    with transaction.atomic():
        material = Material.objects.create(
            program=program, name=name.strip(), category=category, created_by=actor.user, created_at=clock.now()
        )
        return _create_version(
            actor=actor,
            material=material,
            language=language,
            title=title,
            body=body,
            filename=filename,
            content=content,
        )


def material_version_draft(
    *,
    actor: Actor,
    material: Material,
    language: str,
    title: str,
    body: str = "",
    filename: str = "",
    content: bytes | None = None,
) -> MaterialVersion:
    """A new draft version of a material in one language (a translation, or a revision)."""
    actor.require(E.MANAGE_MATERIALS, material.program_id)
    _check_content(material.program, language, title, body, content)
    with transaction.atomic():
        return _create_version(
            actor=actor,
            material=material,
            language=language,
            title=title,
            body=body,
            filename=filename,
            content=content,
        )


def _step(
    actor: Actor,
    version: MaterialVersion,
    target: MaterialStatus,
    event: EducationEvent,
    *,
    reason: str,
    changes: dict[str, Any] | None = None,
    public: Any = None,
) -> MaterialVersion:
    return workflow_step(
        actor=actor,
        obj=version,
        event=event,
        program=version.material.program,
        to=target,
        rules=transitions.check_move,
        changes={"status_changed_at": clock.now(), **(changes or {})},
        stamp=None,
        reason=reason,
        data={"material": version.material.public_id, "language": version.language, "number": version.number},
        public=public,
        what="material version",
    )


def material_version_publish(*, actor: Actor, version: MaterialVersion) -> MaterialVersion:
    """Publish a draft: it becomes the version educators use in its language, and the version
    published before it in that language is retired in the same step."""
    transitions.check_move(version.status, MaterialStatus.PUBLISHED, _held(actor, version.material.program_id))
    with transaction.atomic():
        previous = (
            MaterialVersion.objects.select_for_update()
            .filter(material=version.material, language=version.language, status=MaterialStatus.PUBLISHED)
            .exclude(pk=version.pk)
            .first()
        )
        if previous is not None:
            previous.material = version.material
            _step(
                actor,
                previous,
                MaterialStatus.RETIRED,
                EducationEvent.MATERIAL_RETIRED,
                reason=_("replaced by version %(n)s") % {"n": version.number},
            )
        replaces = previous.public_id if previous is not None else None
        try:
            _step(
                actor,
                version,
                MaterialStatus.PUBLISHED,
                EducationEvent.MATERIAL_PUBLISHED,
                reason="",
                changes={"published_at": clock.now()},
                public=lambda v: {**material_version_public(v), "replaces": replaces},
            )
        except IntegrityError as exc:
            raise ConcurrentChange("material") from exc
    return version


def material_version_retire(*, actor: Actor, version: MaterialVersion, reason: str = "") -> MaterialVersion:
    """Retire a published version (workers no longer get it) or discard a draft."""
    was_published = version.status == MaterialStatus.PUBLISHED
    transitions.check_move(version.status, MaterialStatus.RETIRED, _held(actor, version.material.program_id))
    program = version.material.program
    return _step(
        actor,
        version,
        MaterialStatus.RETIRED,
        EducationEvent.MATERIAL_RETIRED,
        reason=reason.strip(),
        public=(
            {
                "program": program.public_id,
                "material": version.material.public_id,
                "version": version.public_id,
                "language": version.language,
                "number": version.number,
            }
            if was_published
            else None
        ),
    )
