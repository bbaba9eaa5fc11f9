from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wsr.programs.models import RULE_FIELDS, Program


class ProgramRulesForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("Why are the rules changing?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the program history and shown next to the change."),
    )

    class Meta:
        model = Program
        fields = list(RULE_FIELDS)


class SeasonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80, help_text=_("e.g. 2026-27"))
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
