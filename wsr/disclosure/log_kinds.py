"""Labels of the public log's entry kinds. Most are event kinds (wsr.core.catalogue); a service
may publish under its own public kind (``workflow_step(public_kind=...)``): those are labelled
here, so the public log never shows an internal code."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wsr.core import catalogue

PUBLIC_KIND_LABELS = {
    "standing_changed": _("Standing changed"),
    "code_adopted": _("Code of Conduct adopted"),
    "auditor_rostered": _("Auditor added to the roster"),
}


def kind_label(kind: str) -> str:
    """The entry kind in the active language: its public label, else its event label."""
    label = PUBLIC_KIND_LABELS.get(kind)
    if label is not None:
        return str(label)
    return catalogue.label(kind)
