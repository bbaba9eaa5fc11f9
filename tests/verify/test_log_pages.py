"""The public log pages (no JavaScript): the signed head with the published key, entries newest
first with links to each entry's page, and the entry page with its exact signed bytes."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import ProgramFactory
from wsr.core import log_tree
from wsr.core.models import TransparencyEntry, TransparencySignedHead
from wsr.core.transparency import transparency_append_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    prog = ProgramFactory(slug="page-log")
    transparency_append_many(
        stream=prog.log_stream, items=[("facility_covered", {"facility": f"Fábrica {i}"}) for i in range(60)]
    )
    return prog


def test_log_page_shows_the_signed_head_and_links_each_entry(program):
    response = Client().get("/p/page-log/log/")
    assert response.status_code == 200
    html = response.content.decode()
    head = TransparencySignedHead.objects.get(stream=program.log_stream)
    assert head.tree_size == 60
    assert bytes(head.root_hash).hex() in html
    assert log_tree.public_key_info()["public_key"] in html
    assert 'href="/p/page-log/log/60/"' in html  # newest first
    assert 'href="/p/page-log/log/11/"' in html  # 50 to a page
    assert 'href="/p/page-log/log/10/"' not in html
    older = Client().get("/p/page-log/log/", {"page": 2}).content.decode()
    assert 'href="/p/page-log/log/10/"' in older and 'href="/p/page-log/log/1/"' in older
    assert 'href="/p/page-log/log/11/"' not in older


@pytest.mark.parametrize("page", ["abc", "-4", "999999999999999999999"])
def test_any_page_number_gives_a_page(program, page):
    assert Client().get("/p/page-log/log/", {"page": page}).status_code == 200


def test_entry_page_shows_the_exact_bytes_and_what_the_browser_needs(program):
    entry = TransparencyEntry.objects.get(stream=program.log_stream, seq=7)
    html = Client().get("/p/page-log/log/7/").content.decode()
    assert bytes(entry.canonical).decode().replace('"', "&quot;") in html
    assert 'data-index="6"' in html
    assert 'data-entry-url="/api/v1/public/programs/page-log/log/entries?start=6&amp;end=6"' in html
    assert "js/log-verify" in html


def test_unknown_entry_or_program_is_a_404(program):
    assert Client().get("/p/page-log/log/61/").status_code == 404
    assert Client().get("/p/nope/log/").status_code == 404


def test_program_page_links_to_its_log(program):
    assert 'href="/p/page-log/log/"' in Client().get("/p/page-log/").content.decode()


@pytest.mark.parametrize(("lang", "title"), [("es", "Registro público"), ("ht", "Rejis piblik"), ("bn", "প্রকাশ্য লগ")])
def test_log_pages_speak_every_program_language(program, lang, title):
    assert title in Client().get("/p/page-log/log/", {"lang": lang}).content.decode()
    assert title in Client().get("/p/page-log/log/3/", {"lang": lang}).content.decode()
