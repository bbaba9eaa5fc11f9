"""What the public site stores of its own: the label codes of participating facilities.

A label code (``/v/<code>/``) names one facility in one program on product labels and posters.
It is a derived public identifier, like a public id: issued once, never changed, never reused,
and it carries no fact itself (the page reads the current standing on every request).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wsr.core import clock


class LabelCode(models.Model):
    """The short code printed on labels for a facility in a program (8 Crockford base32
    characters, the last a check character: wsr.disclosure.labels)."""

    code = models.CharField(_("label code"), max_length=8, unique=True, editable=False)
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    facility = models.ForeignKey("registry.Facility", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        ordering = ["program", "facility__name"]
        constraints = [models.UniqueConstraint(fields=["program", "facility"], name="label_code_program_facility")]

    def __str__(self) -> str:
        return self.code
