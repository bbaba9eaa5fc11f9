"""Forms only parse and check input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wsr.alerts.hazards import Hazard
from wsr.audits.models import AuditKind, DocumentKind, FindingSource, Payer
from wsr.audits.services.findings import evidence_max_bytes

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 4})


def _read_upload(upload: Any) -> bytes:
    if upload is None:
        return b""
    if upload.size > evidence_max_bytes():
        raise forms.ValidationError(
            _("The file is larger than %(mb)s MB.") % {"mb": evidence_max_bytes() // (1024 * 1024)}
        )
    return bytes(upload.read())


class RosterProposeForm(forms.Form):
    user: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("An auditor who signs in"),
        queryset=None,
        required=False,
        to_field_name="username",
        help_text=_("A user holding the auditor role in this program."),
    )
    name = forms.CharField(label=_("Or: the person's name"), max_length=200, required=False)
    organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Their audit firm"), queryset=None, required=False, to_field_name="public_id"
    )
    qualifications = forms.CharField(label=_("Qualifications"), required=False, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args: Any, users: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("user") and not (data.get("name") and data.get("organisation")):
            raise forms.ValidationError(_("Choose an auditor, or give the person's name and their audit firm."))
        return data


class RosterDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve for the roster")), ("reject", _("Do not approve"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 3}))


class CommercialTieForm(forms.Form):
    auditor_organisation: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Audit firm"), queryset=None, to_field_name="public_id"
    )
    brand: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Brand"), queryset=None, to_field_name="public_id")
    since = forms.DateField(label=_("Since"), widget=DATE)
    until = forms.DateField(label=_("Until"), widget=DATE, required=False, help_text=_("Empty if the tie continues."))
    description = forms.CharField(label=_("What the tie is"), max_length=300, required=False)

    def __init__(self, *args: Any, firms: Any, brands: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["auditor_organisation"].queryset = firms  # type: ignore[attr-defined]
        self.fields["brand"].queryset = brands  # type: ignore[attr-defined]


class AuditPlanForm(forms.Form):
    facility: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Facility"), queryset=None, to_field_name="public_id"
    )
    kind = forms.ChoiceField(label=_("Kind of audit"), choices=AuditKind.choices)
    announced = forms.BooleanField(label=_("Announced to the facility in advance"), required=False)
    planned_on = forms.DateField(label=_("Planned for"), widget=DATE)
    commissioned_by: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Commissioned by a brand"),
        queryset=None,
        to_field_name="public_id",
        required=False,
        help_text=_("Leave empty when the monitoring body commissions the audit."),
    )

    def __init__(self, *args: Any, facilities: Any, brands: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities  # type: ignore[attr-defined]
        self.fields["commissioned_by"].queryset = brands  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    auditor: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Auditor (approved roster)"), queryset=None, to_field_name="public_id"
    )
    lead = forms.BooleanField(label=_("Lead auditor"), required=False)

    def __init__(self, *args: Any, roster: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["auditor"].queryset = roster  # type: ignore[attr-defined]


class StartForm(forms.Form):
    performed_on = forms.DateField(label=_("Fieldwork started on"), widget=DATE)


class FieldworkForm(forms.Form):
    workforce_on_day = forms.IntegerField(label=_("Workforce on the day"), min_value=0, required=False)
    workers_interviewed = forms.IntegerField(label=_("Workers interviewed"), min_value=0, required=False)
    managers_interviewed = forms.IntegerField(label=_("Managers interviewed"), min_value=0, required=False)
    documents_reviewed = forms.MultipleChoiceField(
        label=_("Documents reviewed"), choices=DocumentKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    ended_on = forms.DateField(label=_("Fieldwork ended on"), widget=DATE, required=False)
    notes = forms.CharField(label=_("Internal notes"), required=False, widget=TEXT)


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("I confirm"), required=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea({"rows": 3}))


class FindingForm(forms.Form):
    source = forms.ChoiceField(label=_("Source"), choices=FindingSource.choices)
    facility: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Facility"), queryset=None, to_field_name="public_id"
    )
    complaint_public_id = forms.CharField(label=_("Complaint reference"), max_length=40, required=False)
    observed_on = forms.DateField(label=_("Observed on"), widget=DATE, required=False)
    provision_ref = forms.ChoiceField(label=_("Code provision"))
    internal_text = forms.CharField(
        label=_("Internal description"),
        widget=TEXT,
        help_text=_("Seen only by program staff. May name documents, places and what workers said."),
    )
    public_summary = forms.CharField(
        label=_("Public summary"),
        widget=TEXT,
        help_text=_("Published on the facility's public page. No names or details that identify a worker."),
    )
    evidence = forms.FileField(label=_("Evidence (photo or PDF)"), required=False)
    evidence_note = forms.CharField(label=_("Evidence note"), required=False, widget=forms.Textarea({"rows": 2}))
    danger = forms.ChoiceField(
        label=_("Immediate danger now?"),
        choices=[("", _("No")), *Hazard.choices],
        required=False,
        help_text=_("Workers are in danger now: the program's on-call staff are alerted at once."),
    )

    def __init__(self, *args: Any, facilities: Any, provisions: list[tuple[str, str]], audit: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["provision_ref"].choices = provisions  # type: ignore[attr-defined]
        if audit is not None:
            for name in ("source", "facility", "complaint_public_id", "observed_on"):
                del self.fields[name]
        else:
            self.fields["facility"].queryset = facilities  # type: ignore[attr-defined]
            self.fields["source"].choices = [  # type: ignore[attr-defined]
                c for c in FindingSource.choices if c[0] != FindingSource.AUDIT
            ]

    def clean_evidence(self) -> bytes:
        return _read_upload(self.cleaned_data.get("evidence"))


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Photo or PDF"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 3}))

    def clean_file(self) -> bytes:
        return _read_upload(self.cleaned_data.get("file"))


class CapItemForm(forms.Form):
    action = forms.CharField(label=_("Corrective action"), widget=TEXT)
    owner = forms.CharField(label=_("Owner at the facility"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=DATE, required=False)
    payer = forms.ChoiceField(label=_("Who pays"), choices=[("", "—"), *Payer.choices], required=False)
    currency = forms.CharField(label=_("Currency"), max_length=3, min_length=3, required=False)
    supplier_amount_minor = forms.IntegerField(
        label=_("Supplier's share (minor units)"), min_value=0, required=False, help_text=_("100 = 1.00 USD.")
    )
    brand: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Brand contributing"), queryset=None, to_field_name="public_id", required=False
    )
    brand_amount_minor = forms.IntegerField(label=_("Brand's share (minor units)"), min_value=0, required=False)

    def __init__(self, *args: Any, brands: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["brand"].queryset = brands  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        amounts = data.get("supplier_amount_minor") is not None or data.get("brand_amount_minor") is not None
        if amounts and not data.get("currency"):
            self.add_error("currency", _("Give the currency of the amounts."))
        if data.get("brand_amount_minor") is not None and not data.get("brand"):
            self.add_error("brand", _("Choose the brand that pays this amount."))
        if data.get("currency"):
            data["currency"] = data["currency"].upper()
        return data


class ReportFixedForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo of the fix"), help_text=_("A photo (PNG, JPEG, WebP) or a PDF, up to 10 MB.")
    )
    note = forms.CharField(label=_("What was done"), widget=forms.Textarea({"rows": 3}))

    def clean_photo(self) -> bytes:
        return _read_upload(self.cleaned_data.get("photo"))


class VerifyForm(forms.Form):
    note = forms.CharField(label=_("What you saw"), widget=forms.Textarea({"rows": 3}), required=False)


class CapFilterForm(forms.Form):
    facility = forms.CharField(required=False)
    state = forms.CharField(required=False)
