from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from wsr.programs.models import RULE_FIELDS, PremiumKind, Program
from wsr.programs.rules import RULES, Choice, PhoneNumber, WholeNumber


class ProgramRulesForm(forms.Form):
    """The rules page. It only parses the text typed into numbers; what the rules may be is
    checked once, for this page and the API alike, by ``wsr.programs.rules`` (the view shows
    its refusals next to each field)."""

    reason = forms.CharField(
        label=_("Why are the rules changing?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the program history and shown next to the change."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, forms.Field] = {}
        for name in RULE_FIELDS:
            model_field = Program._meta.get_field(name)
            assert isinstance(model_field, models.Field)
            rule = RULES[name]
            label, help_text = model_field.verbose_name, model_field.help_text
            if isinstance(rule, WholeNumber):
                attrs = {"min": str(rule.minimum), "max": str(rule.maximum)}
                fields[name] = forms.IntegerField(label=label, help_text=help_text, widget=forms.NumberInput(attrs))
            elif isinstance(rule, Choice):
                fields[name] = forms.ChoiceField(label=label, help_text=help_text, choices=PremiumKind.choices)
            elif isinstance(rule, PhoneNumber):
                fields[name] = forms.CharField(
                    label=label, help_text=help_text, required=False, widget=forms.TextInput({"type": "tel"})
                )
            else:
                fields[name] = forms.CharField(label=label, help_text=help_text)
        # The rules first, the reason last.
        self.fields = {**fields, "reason": self.fields["reason"]}

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in RULE_FIELDS}

    def add_rule_errors(self, errors: dict[str, str]) -> None:
        for name, message in errors.items():
            self.add_error(name if name in self.fields else None, message)


class SeasonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80, help_text=_("e.g. 2026-27"))
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
