"""The language a public page is read in.

Public pages linked with ``?lang=xx`` (a worker following a link in Kreyòl, a Code read in
Bengali) render their whole body in that language, not only the header's switcher: the view
renders inside ``page_language(request, lang)``. Only the site's languages are honoured; anything
else keeps the language the middleware chose.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation


def site_language(code: str | None) -> str | None:
    """``code`` if the site is translated into it, else None."""
    return code if code and code in dict(settings.LANGUAGES) else None


@contextmanager
def page_language(request: HttpRequest, code: str | None) -> Iterator[str]:
    """Render in ``code`` when it is one of the site's languages; yields the language in use."""
    chosen = site_language(code)
    if chosen is None:
        yield translation.get_language() or settings.LANGUAGE_CODE
        return
    previous = getattr(request, "LANGUAGE_CODE", None)
    with translation.override(chosen):
        request.LANGUAGE_CODE = chosen
        try:
            yield chosen
        finally:
            if previous is not None:
                request.LANGUAGE_CODE = previous
