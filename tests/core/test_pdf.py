"""wsr.core.pdf: shipped fonts for every program language, and no network while rendering."""

from __future__ import annotations

import http.server
import re
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from wsr.core.pdf import document_text, local_path_for, make_fetcher, render_document, render_pdf

BENGALI = "নোটিশ: কারখানা স্থগিত"


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF with every Flate stream inflated (font dictionaries may sit in object streams)."""
    blob = bytearray(pdf)
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            blob += zlib.decompress(match.group(1))
        except zlib.error:
            continue
    return bytes(blob)


def embedded_fonts(pdf: bytes) -> set[str]:
    """BaseFont names without the subset tag (ABCDEF+)."""
    names = re.findall(rb"/BaseFont\s*/([A-Za-z0-9+_-]+)", pdf_objects(pdf))
    return {name.decode().split("+", 1)[-1] for name in names}


def doc(body: str, lang: str = "en", head: str = "") -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>t</title>{head}</head>'
        f"<body>{body}</body></html>"
    )


def test_bengali_renders_from_the_shipped_font() -> None:
    fetcher = make_fetcher()
    pdf = render_pdf(doc(f"<h1>{BENGALI}</h1><p>{BENGALI}</p>", lang="bn"), fetcher=fetcher)
    assert pdf.startswith(b"%PDF-")
    fonts = embedded_fonts(pdf)
    # Family names are ours ("WSR ..."): a system Noto could not stand in for them.
    assert {"WSR-Noto-Sans-Bengali", "WSR-Noto-Sans-Bengali-Bold"} <= fonts, fonts
    assert not any("DejaVu" in name for name in fonts), fonts
    # The glyphs map back to Bengali code points (ToUnicode), so they are not .notdef boxes.
    objects = pdf_objects(pdf)
    assert re.search(rb"<0995>|<09[89A-F][0-9A-F]>", objects, re.I), "no Bengali code point in any ToUnicode map"
    served = [url for url in fetcher.served if "/fonts/" in url]
    assert any(url.endswith("noto-sans-bengali-bengali-400-normal.woff2") for url in served)
    assert all(local_path_for(url) is not None for url in served)
    assert fetcher.refused == []


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Notice of suspension"),
        ("es", "Aviso de suspensión: el año pasó"),
        ("ht", "Avi sispansyon: faktori a pa kapab vann pou mak yo ankò"),
    ],
)
def test_latin_languages_use_the_shipped_noto_sans(lang: str, text: str) -> None:
    pdf = render_pdf(doc(f"<p>{text}</p><p><strong>{text}</strong></p>", lang=lang))
    fonts = embedded_fonts(pdf)
    assert {"WSR-Noto-Sans", "WSR-Noto-Sans-Bold"} <= fonts, fonts
    assert not any("DejaVu" in name for name in fonts), fonts


def test_latin_extended_letters_get_their_own_face() -> None:
    # Latin and Latin Extended are separate files; one family per file keeps WeasyPrint from
    # merging them under one PDF font (which drops the extended glyphs).
    fonts = embedded_fonts(render_pdf(doc("<p>Łódź şehir</p>")))
    assert {"WSR-Noto-Sans", "WSR-Noto-Sans-Ext"} <= fonts, fonts


def test_the_laid_out_text_is_the_documents() -> None:
    document = render_document(doc(f"<h1>Facility Ünal</h1><p>{BENGALI}</p>", lang="bn"))
    text = document_text(document)
    assert "Facility Ünal" in text
    assert "নোটিশ" in text


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"p { color: red }")

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def recorder() -> Iterator[str]:
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_no_network_fetch_is_attempted(recorder: str) -> None:
    head = (
        f'<link rel="stylesheet" href="{recorder}/linked.css">'
        f'<style>@import url("{recorder}/imported.css");'
        f'@font-face {{ font-family: X; src: url("{recorder}/font.woff2"); }}'
        f'body {{ background: url("{recorder}/bg.png"); }}</style>'
    )
    body = f'<p>Hello</p><img src="{recorder}/img.png"><img src="https://example.com/x.png">'
    fetcher = make_fetcher()
    pdf = render_pdf(doc(body, head=head), fetcher=fetcher)
    assert pdf.startswith(b"%PDF-")
    assert _Recorder.hits == []
    refused = set(fetcher.refused)
    for name in ("linked.css", "imported.css", "font.woff2", "bg.png", "img.png"):
        assert f"{recorder}/{name}" in refused
    assert "https://example.com/x.png" in refused


def test_files_outside_the_static_directories_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.css"
    secret.write_text("p { color: red }")
    fetcher = make_fetcher()
    html = doc(
        '<img src="file:///etc/passwd">',
        head=f'<link rel="stylesheet" href="file://{secret}"><link rel="stylesheet" href="/static/../../etc/passwd">',
    )
    render_pdf(html, fetcher=fetcher)
    assert f"file://{secret}" in fetcher.refused
    assert "file:///etc/passwd" in fetcher.refused
    assert local_path_for("https://wsr-pdf.invalid/static/../config/settings.py") is None
    assert local_path_for("https://wsr-pdf.invalid/static/%2e%2e/config/settings.py") is None
    assert local_path_for("https://wsr-pdf.invalid/media/x.pdf") is None


def test_our_static_files_and_data_uris_are_served() -> None:
    own = Path(settings.BASE_DIR) / "static" / "favicon.svg"
    assert local_path_for("https://wsr-pdf.invalid/static/favicon.svg") == own.resolve()
    assert local_path_for(f"file://{own}") == own.resolve()
    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
        "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    )
    fetcher = make_fetcher()
    render_pdf(doc(f'<img src="{pixel}"><img src="/static/favicon.svg">'), fetcher=fetcher)
    assert "data:" in fetcher.served
    assert "https://wsr-pdf.invalid/static/favicon.svg" in fetcher.served
    assert fetcher.refused == []


def test_every_shipped_font_has_its_licence() -> None:
    fonts = Path(settings.BASE_DIR) / "static" / "fonts"
    for folder in ("noto-sans", "noto-sans-bengali"):
        assert "SIL Open Font License" in (fonts / folder / "OFL.txt").read_text()
        assert list((fonts / folder).glob("*.woff2"))
    css = (Path(settings.BASE_DIR) / "static" / "css" / "pdf.css").read_text()
    for url in re.findall(r'url\("\.\./fonts/([^"]+)"\)', css):
        assert (fonts / url).is_file(), url
