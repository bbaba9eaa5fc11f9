"""Forms only parse and check input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wsr.agreements.models import ReportingCadence, SignatoryRole, TerminationReason
from wsr.agreements.services import MAX_DOCUMENT_BYTES
from wsr.core.files import PDF, sniff
from wsr.programs.models import PremiumKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgreementForm(forms.Form):
    brand: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Brand"), queryset=None, to_field_name="public_id")
    title = forms.CharField(label=_("Title"), max_length=200)
    effective_from = forms.DateField(label=_("Effective from"), widget=DATE)
    effective_until = forms.DateField(
        label=_("Effective until"), required=False, widget=DATE, help_text=_("Leave empty for no end date.")
    )
    reporting_cadence = forms.ChoiceField(label=_("Brand reports purchases"), choices=ReportingCadence.choices)
    source_only_good_standing = forms.BooleanField(
        label=_("The brand buys only from suppliers in good standing"), required=False, initial=True
    )
    fund_remediation = forms.BooleanField(label=_("The brand helps fund remediation"), required=False)
    remediation_terms = forms.CharField(
        label=_("Remediation funding terms"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    terms_public = forms.BooleanField(
        label=_("Publish the commercial terms"),
        required=False,
        help_text=_("Otherwise the public sees only the brand, the dates and the document's fingerprint."),
    )

    def __init__(self, *args: Any, brands: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if brands is None:
            del self.fields["brand"]
        else:
            self.fields["brand"].queryset = brands  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("effective_from"), data.get("effective_until")
        if start and end and end < start:
            self.add_error("effective_until", _("The agreement cannot end before it takes effect."))
        return data


class PipeList(forms.CharField):
    def prepare_value(self, value: Any) -> Any:
        return " | ".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [part.strip() for part in text.split("|") if part.strip()]


class PremiumTermForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of premium"), choices=PremiumKind.choices)
    amount_minor_per_unit = forms.IntegerField(
        label=_("Amount per unit (in cents or other minor units)"),
        required=False,
        min_value=1,
        help_text=_("1 = one US cent."),
    )
    unit = forms.CharField(label=_("Unit"), required=False, max_length=40, help_text=_("e.g. lb or 32-lb bucket"))
    basis_points = forms.IntegerField(
        label=_("Share of purchase value (basis points)"),
        required=False,
        min_value=1,
        max_value=10000,
        help_text=_("100 basis points = 1 %; 50 = 0.5 %."),
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, min_length=3, help_text=_("ISO 4217, e.g. USD"))
    products = PipeList(label=_("Products"), required=False, help_text=_("Separate several with |"))

    def clean_currency(self) -> str:
        value = (self.cleaned_data.get("currency") or "").strip().upper()
        if not (len(value) == 3 and value.isalpha()):
            raise forms.ValidationError(_("Use an ISO 4217 code such as USD."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == PremiumKind.PER_UNIT:
            if not data.get("amount_minor_per_unit"):
                self.add_error("amount_minor_per_unit", _("Give the amount per unit."))
            if not (data.get("unit") or "").strip():
                self.add_error("unit", _("Give the unit, e.g. lb."))
        elif data.get("kind") == PremiumKind.PERCENT and not data.get("basis_points"):
            self.add_error("basis_points", _("Give the share in basis points."))
        return data


class SignatoryForm(forms.Form):
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, to_field_name="public_id"
    )
    role = forms.ChoiceField(label=_("Role"), choices=SignatoryRole.choices)
    signatory_name = forms.CharField(label=_("Name of the person who signed"), required=False, max_length=200)
    signatory_title = forms.CharField(label=_("Their title"), required=False, max_length=200)
    signed_on = forms.DateField(label=_("Signed on"), required=False, widget=DATE)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class DocumentForm(forms.Form):
    document = forms.FileField(
        label=_("Signed document (PDF, at most 20 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_document(self) -> Any:
        upload = self.cleaned_data["document"]
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("The document is larger than 20 MB."))
        if not upload.name.lower().endswith(".pdf"):
            raise forms.ValidationError(_("The document must be a PDF file."))
        head = upload.read(16)
        upload.seek(0)
        if sniff(head) != PDF:
            raise forms.ValidationError(_("This file is not a PDF."))
        return upload


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("I confirm"), required=True)


class SignForm(ConfirmForm):
    confirm = forms.BooleanField(label=_("Every party signed the uploaded document on the dates given."), required=True)


class TerminateForm(forms.Form):
    cause = forms.ChoiceField(label=_("Why does the agreement end?"), choices=TerminationReason.choices)
    reason = forms.CharField(
        label=_("Explanation (kept in the history, not published)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
    )


class AmendForm(forms.Form):
    reason = forms.CharField(label=_("What changes in the new version?"), max_length=500)
