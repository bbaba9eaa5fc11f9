from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wsr.standards.models import Category, Tier
from wsr.standards.selectors import language_name


class CodeVersionNewForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)


class ProvisionForm(forms.Form):
    """Reference, category, tier and order, then a title and text for each program language."""

    ref = forms.CharField(label=_("Reference"), max_length=16, help_text=_("Stable across versions, e.g. 1.3"))
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    tier = forms.ChoiceField(label=_("Severity tier"), choices=Tier.choices)
    order = forms.IntegerField(
        label=_("Order"), required=False, min_value=0, help_text=_("Leave empty to put it at the end.")
    )

    def __init__(self, *args: Any, languages: list[str], editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = languages
        if editing:
            del self.fields["ref"]
        for i, code in enumerate(languages):
            name = language_name(code)
            default = i == 0
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name},
                max_length=200,
                required=default,
                widget=forms.TextInput(attrs={"lang": code}),
            )
            self.fields[f"text_{code}"] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": name},
                required=default,
                widget=forms.Textarea(attrs={"rows": 4, "lang": code}),
                help_text=_("Default language: required.") if default else _("Leave empty until translated."),
            )

    def texts(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {
            code: {"title": data.get(f"title_{code}", ""), "text": data.get(f"text_{code}", "")}
            for code in self.languages
        }

    @staticmethod
    def initial_for(provision: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {"category": provision.category, "tier": provision.tier, "order": provision.order}
        for x in provision.texts.all():
            initial[f"title_{x.language}"] = x.title
            initial[f"text_{x.language}"] = x.text
        return initial


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example, the date of the worker assembly that approved this version."),
    )


class AdoptForm(forms.Form):
    effective_from = forms.DateField(
        label=_("In force from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for today. Findings and complaints dated from then on cite this version."),
    )
