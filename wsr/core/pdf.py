"""PDF documents from HTML, with fonts shipped with the app and no network.

One entry point, :func:`render_pdf`. Every PDF of the platform (enforcement notices, program
reports) goes through it so that they share three properties:

- **No network.** WeasyPrint fetches every stylesheet, image and font a document names. Ours
  refuses everything except ``data:`` URIs and our own static files (a URL whose path is under
  ``STATIC_URL``, or a ``file:`` URL inside a static directory), which it reads from disk: the
  host part of such a URL is never contacted. A refused URL is logged and left out of the
  document (WeasyPrint renders the rest); a user's text that smuggles
  ``<img src="https://...">`` into a template therefore reaches nobody.
- **Fonts for every program language.** ``static/css/pdf.css`` (applied to every document)
  declares the families ``"WSR Noto Sans"`` (Latin and Latin Extended: English, Spanish, Haitian
  Creole) and ``"WSR Noto Sans Bengali"`` from WOFF2 files in ``static/fonts/`` (SIL OFL 1.1,
  licence files beside them). The names are ours so that a system "Noto Sans" is never picked
  instead: Bengali renders from the shipped files alone, on a machine with no Noto installed.
- **One look.** The same sheet sets A4 pages, margins, page numbers and basic typography. A
  template only writes semantic HTML (``<html lang="...">``, ``<title>``, headings, tables); it
  may add its own ``<style>`` and should keep ``font-family`` unset (or list the two families
  above first).

Usage::

    from django.template.loader import render_to_string
    from wsr.core.pdf import render_pdf

    html = render_to_string("standing/notice_pdf.html", {"notice": notice}, request=request)
    pdf_bytes = render_pdf(html)

``base_url`` is where relative URLs in ``html`` resolve (default: an internal origin, so
``{% static %}`` URLs such as ``/static/img/logo.png`` work). Links (``<a href>``) keep their
URLs in the PDF; only *fetching* is restricted.

WeasyPrint is imported on first use (it takes about a second to import), so importing this
module costs nothing at start-up.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from django.conf import settings

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcherResponse

logger = logging.getLogger(__name__)

# The origin relative URLs resolve against when the caller gives no base_url. ".invalid" is
# reserved (RFC 2606): even a bug that let a URL through could not reach a real host.
INTERNAL_ORIGIN = "https://wsr-pdf.invalid/"
PDF_STYLESHEET = "css/pdf.css"

_EXTRA_TYPES = {".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf"}


class RefusedFetch(ValueError):
    """A PDF named a resource outside our own static files."""


def static_file_path(name: str) -> Path | None:
    """The file on disk for static file ``name`` (as after ``STATIC_URL``), or None.

    Looks in the source static directories first (the finders), then in the collected
    ``STATIC_ROOT`` (which also holds the hashed names the manifest storage gives ``{% static %}``
    in production). A name that climbs out of a static directory is None."""
    from django.contrib.staticfiles import finders
    from django.core.exceptions import SuspiciousFileOperation

    name = name.lstrip("/")
    if not name or any(part in ("..", "") for part in name.split("/")):
        return None
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    if isinstance(found, str) and Path(found).is_file():
        return Path(found)
    collected = (Path(settings.STATIC_ROOT) / name).resolve()
    if collected.is_file() and collected.is_relative_to(Path(settings.STATIC_ROOT).resolve()):
        return collected
    return None


def _static_roots() -> list[Path]:
    roots = [Path(str(d if isinstance(d, (str, Path)) else d[1])).resolve() for d in settings.STATICFILES_DIRS]
    roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def local_path_for(url: str) -> Path | None:
    """The static file ``url`` names, or None when the URL is anything else (never fetched)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    path = unquote(parts.path)
    if scheme in ("http", "https"):
        static_url = urlsplit(settings.STATIC_URL).path or "/static/"
        if not path.startswith(static_url):
            return None
        return static_file_path(path[len(static_url) :])
    if scheme == "file" and not parts.netloc:
        candidate = Path(path).resolve()
        if candidate.is_file() and any(candidate.is_relative_to(root) for root in _static_roots()):
            return candidate
    return None


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):
        """Serves ``data:`` URIs and our static files from disk; refuses everything else."""

        def __init__(self) -> None:
            super().__init__(allow_redirects=False, fail_on_errors=False)
            self.served: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url[:5].lower() == "data:":
                self.served.append("data:")
                return super().fetch(url, headers)  # DataHandler: decoded in memory
            path = local_path_for(url)
            if path is None:
                self.refused.append(url)
                logger.warning("PDF: refused to fetch %s (only our static files and data: URIs)", url[:200])
                raise RefusedFetch(f"not fetched: {url[:200]}")
            self.served.append(url)
            content_type = _EXTRA_TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0]
            return URLFetcherResponse(
                url, path.read_bytes(), {"Content-Type": content_type or "application/octet-stream"}
            )

    return LocalOnlyFetcher


def make_fetcher() -> Any:
    """A fresh no-network URL fetcher (``served`` and ``refused`` list what it was asked)."""
    return _fetcher_class()()


# Libraries that log every step of every document at INFO (about 40 lines per PDF).
_CHATTY_LOGGERS = ("fontTools", "weasyprint.progress")


def render_document(html: str, *, base_url: str | None = None, fetcher: Any = None) -> Any:
    """Lay ``html`` out as a WeasyPrint ``Document`` (pages of boxes), with ``static/css/pdf.css``
    and the no-network fetcher; :func:`render_pdf` writes it. Tests read its text with
    :func:`document_text` (the same layout the PDF bytes are painted from)."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    for name in _CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.getLogger(name).level, logging.WARNING))

    fetcher = fetcher if fetcher is not None else make_fetcher()
    font_config = FontConfiguration()
    static_url = urlsplit(settings.STATIC_URL).path or "/static/"
    sheet = CSS(
        url=INTERNAL_ORIGIN.rstrip("/") + static_url + PDF_STYLESHEET,
        url_fetcher=fetcher,
        font_config=font_config,
    )
    document = HTML(string=html, base_url=base_url or INTERNAL_ORIGIN, url_fetcher=fetcher)
    return document.render(stylesheets=[sheet], font_config=font_config)


def document_text(document: Any) -> str:
    """The text laid out on every page of a rendered document, in reading order, one line per
    text box (PDF bytes hold glyph ids, not text: tests check what was laid out instead)."""
    from weasyprint.formatting_structure.boxes import TextBox

    lines: list[str] = []
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, TextBox):
                lines.append(box.text)
    return "\n".join(lines)


def render_pdf(html: str, *, base_url: str | None = None, fetcher: Any = None) -> bytes:
    """Render ``html`` (a complete HTML document) to PDF bytes.

    The document gets ``static/css/pdf.css`` (shipped fonts for en/es/ht/bn, A4 pages, page
    numbers) in addition to its own styles. Nothing is fetched over the network: see the module
    docstring. ``base_url`` resolves relative URLs (default :data:`INTERNAL_ORIGIN`); ``fetcher``
    is for tests (a :func:`make_fetcher` instance, to look at what was served and refused)."""
    pdf = render_document(html, base_url=base_url, fetcher=fetcher).write_pdf()
    if not isinstance(pdf, bytes):  # pragma: no cover - write_pdf without target returns bytes
        raise TypeError("WeasyPrint returned no bytes")
    return pdf
