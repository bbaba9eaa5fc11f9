from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wsr.accounts.models import Organisation
from wsr.accounts.roles import OrgKind
from wsr.registry.matching import normalise_country
from wsr.registry.models import Facility


class PipeListField(forms.CharField):
    """Values separated by '|' (the Open Supply Hub convention)."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return " | ".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [part.strip() for part in text.split("|") if part.strip()]


class CountryField(forms.CharField):
    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        code = normalise_country(text)
        if code is None:
            raise forms.ValidationError(
                _("Unknown country “%(value)s”. Type its name or ISO code."), params={"value": text}
            )
        return code


class FacilityForm(forms.ModelForm):
    country = CountryField(label=_("Country"), help_text=_("Name or ISO code, e.g. Bangladesh or BD"))
    sectors = PipeListField(label=_("Sectors"), required=False, help_text=_("Separate several with |"))
    product_types = PipeListField(label=_("Product types"), required=False, help_text=_("Separate several with |"))
    facility_types = PipeListField(
        label=_("Facility / processing types"), required=False, help_text=_("Separate several with |")
    )

    class Meta:
        model = Facility
        fields = [
            "name",
            "name_local",
            "address",
            "country",
            "lat",
            "lng",
            "sectors",
            "product_types",
            "facility_types",
            "worker_count",
            "parent_company",
            "supplier",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, suppliers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        supplier_field = self.fields["supplier"]
        assert isinstance(supplier_field, forms.ModelChoiceField)
        supplier_field.queryset = suppliers if suppliers is not None else Organisation.objects.none()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lng = data.get("lat"), data.get("lng")
        if (lat is None) != (lng is None):
            raise forms.ValidationError(_("Give both latitude and longitude, or neither."))
        if lat is not None and not -90 <= lat <= 90:
            self.add_error("lat", _("Latitude must be between -90 and 90."))
        if lng is not None and not -180 <= lng <= 180:
            self.add_error("lng", _("Longitude must be between -180 and 180."))
        return data

    def _post_clean(self) -> None:
        # Validation only: the service builds and saves the facility.
        pass


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[(OrgKind.BRAND, _("Brand / buyer")), (OrgKind.SUPPLIER, _("Supplier company"))]
    )
    country = CountryField(label=_("Country"), required=False)
    address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    since = forms.DateField(label=_("Takes part since"), widget=forms.DateInput(attrs={"type": "date"}))
