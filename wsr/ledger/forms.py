"""Forms of the ledger pages: parse only; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"


class PaymentForm(forms.Form):
    facility = forms.ChoiceField(label=_("Facility paid for"))
    amount = forms.CharField(label=_("Amount"), max_length=24, help_text=_("For example 1250.00"))
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput)
    period = forms.DateField(
        label=_("For purchases of the month"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    reference = forms.CharField(label=_("Reference (bank transfer or cheque number)"), max_length=120)
    proof = forms.FileField(label=_("Proof of payment (PDF or image, optional)"), required=False)

    def __init__(self, *args: Any, facilities: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].choices = facilities  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class ConfirmForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), max_length=500, required=False)


class DistributionForm(forms.Form):
    facility = forms.ChoiceField(label=_("Facility"))
    brand = forms.ChoiceField(label=_("Premium from (brand)"))
    period_start = forms.DateField(label=_("Pay period starts"), widget=DateInput)
    period_end = forms.DateField(label=_("Pay period ends"), widget=DateInput)
    workers_paid = forms.IntegerField(label=_("Workers paid"), min_value=1)
    distributed = forms.CharField(label=_("Premium paid to workers"), max_length=24)
    admin_share = forms.CharField(label=_("Administrative share kept"), max_length=24, initial="0")

    def __init__(
        self, *args: Any, facilities: list[tuple[str, str]], brands: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].choices = facilities  # type: ignore[attr-defined]
        self.fields["brand"].choices = brands  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The pay period must end on or after its start."))
        return data


class PayrollUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Payroll summary (CSV)"),
        help_text=_(
            "Columns: facility, brand, period_start, period_end, workers_paid, distributed, admin_share, currency"
        ),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the correction"), max_length=500)
