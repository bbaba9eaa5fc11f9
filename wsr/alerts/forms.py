from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wsr.alerts.models import NotificationMode


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("What are you doing about it?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: calling the factory manager, going on site, calling the fire service."),
    )


class OnCallAddForm(forms.Form):
    user = forms.ChoiceField(label=_("Staff member"))
    phone = forms.CharField(label=_("Phone for SMS alerts"), required=False, max_length=32)

    def __init__(self, *args: Any, staff: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = staff  # type: ignore[attr-defined]


class OnCallSetForm(forms.Form):
    phone = forms.CharField(label=_("Phone for SMS alerts"), required=False, max_length=32)
    active = forms.BooleanField(label=_("On call now"), required=False)


class NotificationForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("How do you want to get your to-do items?"),
        choices=NotificationMode.choices,
        widget=forms.RadioSelect,
    )
