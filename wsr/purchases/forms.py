from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Purchase report"),
        help_text=_(
            "CSV (UTF-8) or Excel (.xlsx) with the columns line_id, facility, date, product, quantity, unit, "
            "value, currency. facility is the facility's public id; date is YYYY-MM-DD; value is in the "
            "currency's units with a dot for decimals (e.g. 1234.50)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.jsonl,.ndjson"}),
    )
