"""With JavaScript on, an entry's page checks its inclusion proof against the signed head with
WebCrypto (SHA-256, and the head's Ed25519 signature) and says "verified"; an entry whose served
bytes were altered is "NOT VERIFIED", and so is a head whose signature does not match."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import ProgramFactory
from wsr.core.models import TransparencyEntry
from wsr.core.transparency import transparency_append_many

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _program() -> Any:
    prog = ProgramFactory(slug="browser-log")
    transparency_append_many(stream=prog.log_stream, items=[("standing_suspended", {"n": i}) for i in range(13)])
    return prog


def test_the_browser_verifies_an_entry_and_refuses_an_altered_one(live_server, page):
    program = _program()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    for seq in (1, 8, 13):
        page.goto(f"{live_server.url}/p/browser-log/log/{seq}/")
        page.wait_for_selector("[data-testid=verify][data-result]")
        assert page.get_attribute("[data-testid=verify]", "data-result") == "verify-ok"
        text = page.inner_text("[data-testid=verify]")
        assert "verified" in text
        assert "Head signature checked with the published key." in text  # Chromium has Ed25519 in WebCrypto
    assert errors == []

    row = TransparencyEntry.objects.get(stream=program.log_stream, seq=8)
    TransparencyEntry.objects.filter(pk=row.pk).update(canonical=bytes(row.canonical).replace(b'"n":7', b'"n":70'))
    page.goto(f"{live_server.url}/p/browser-log/log/8/")
    page.wait_for_selector("[data-testid=verify][data-result]")
    assert page.get_attribute("[data-testid=verify]", "data-result") == "verify-failed"
    assert "NOT VERIFIED" in page.inner_text("[data-testid=verify]")


def test_the_browser_refuses_a_head_with_a_bad_signature(live_server, page):
    from wsr.core import log_tree
    from wsr.core.models import TransparencySignedHead

    program = _program()
    log_tree.signed_head(program.log_stream)
    row = TransparencySignedHead.objects.get(stream=program.log_stream)
    TransparencySignedHead.objects.filter(pk=row.pk).update(
        signature=bytes([row.signature[0] ^ 1]) + bytes(row.signature)[1:]
    )
    page.goto(f"{live_server.url}/p/browser-log/log/3/")
    page.wait_for_selector("[data-testid=verify][data-result]")
    assert page.get_attribute("[data-testid=verify]", "data-result") == "verify-failed"
    assert "signature does not match" in page.inner_text("[data-testid=verify]")
