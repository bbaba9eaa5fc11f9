"""The worker's report, one short question per form. Forms only parse and check input; the intake
service decides and writes.

Words are for people who may read little: short sentences, plain words, one idea each. Every
category is said the way a worker would say it and maps to a Code of Conduct category slug.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wsr.alerts.hazards import Hazard

DESCRIPTION_MAX = 5000
REPLY_MAX = 5000
NOT_IN_LIST = "other"


@dataclass(frozen=True)
class Topic:
    slug: str  # a Code of Conduct category (DOMAIN.md), or a kind of danger within one
    label: Promise  # what a worker would say
    icon: str  # an id in templates/complaints/worker/_icons.html
    category: str = ""  # the Code category when ``slug`` is not one (a hazard topic)
    hazard: str = ""  # wsr.alerts.hazards.Hazard: the kind of danger the topic names

    @property
    def category_slug(self) -> str:
        return self.category or self.slug


TOPICS: tuple[Topic, ...] = (
    Topic("wages_hours", _("I was not paid right"), "pay"),
    Topic("sexual_harassment", _("Someone touched me or said sexual things"), "hand"),
    Topic("retaliation", _("I was punished for complaining"), "punish"),
    Topic("child_labour", _("Children are working"), "child"),
    Topic("forced_labour", _("I am forced to work or cannot leave"), "lock"),
    Topic("violence", _("Violence or threats"), "bolt"),
    Topic("health_safety", _("Danger to health or safety"), "warn"),
    Topic("housing", _("Housing"), "house"),
    Topic("discrimination", _("Unfair treatment"), "scale"),
    Topic("freedom_of_association", _("Union or organising"), "group"),
    Topic("other", _("Something else"), "more"),
)
# Factories and workshops (the garment program): fire, electrical and structural safety, each its
# own topic, before "Danger to health or safety".
HAZARD_TOPICS: tuple[Topic, ...] = (
    Topic("fire", _("Fire, smoke, or a locked or blocked exit"), "fire", "health_safety", Hazard.FIRE),
    Topic("electrical", _("Sparks, bare wires or a burning smell"), "plug", "health_safety", Hazard.ELECTRICAL),
    Topic("structural", _("Cracks in the building, it may fall"), "crack", "health_safety", Hazard.STRUCTURAL),
)
HAZARD_SECTORS = frozenset({"garment"})
TOPIC_BY_SLUG = {t.slug: t for t in (*TOPICS, *HAZARD_TOPICS)}


def topics_for(sector: str) -> tuple[Topic, ...]:
    """The topics a worker of a program in ``sector`` chooses from."""
    if sector not in HAZARD_SECTORS:
        return TOPICS
    at = next(i for i, t in enumerate(TOPICS) if t.slug == "health_safety")
    return (*TOPICS[:at], *HAZARD_TOPICS, *TOPICS[at:])


_PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{4,28}[0-9]$")


class LongTextField(forms.CharField):
    """A text whose length limit only the server checks. A ``maxlength`` attribute would make the
    browser cut a pasted story at the limit without a word; instead the page names the limit and a
    longer text comes back, whole, with an error saying how long it is and how long it may be."""

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


def _required(message: Any) -> dict[str, Any]:
    return {"required": message}


class PlaceForm(forms.Form):
    """Where do you work? Pick from the program's list, or type the name."""

    facility = forms.ChoiceField(
        label=_("Choose your workplace"),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a workplace from the list.")},
    )
    facility_name = forms.CharField(
        label=_("Or type its name"),
        required=False,
        max_length=300,
        error_messages={"max_length": _("This name is too long. Use at most 300 letters.")},
    )
    q = forms.CharField(label=_("Find your workplace"), required=False, max_length=100)

    def __init__(self, *args: Any, facilities: list[tuple[str, str]], searchable: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].choices = [  # type: ignore[attr-defined]
            *facilities,
            (NOT_IN_LIST, _("It is not in the list")),
        ]
        if not searchable:
            del self.fields["q"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("facility") or ""
        typed = (data.get("facility_name") or "").strip()
        data["facility_name"] = typed
        if chosen in ("", NOT_IN_LIST):
            data["facility"] = ""
            if not typed and "facility_name" not in self.errors:
                self.add_error("facility_name", _("Choose your workplace, or type its name."))
        return data


class TopicForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What is the problem?"),
        choices=[(t.slug, t.label) for t in TOPICS],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose one problem. If none fits, choose “Something else”."),
            "invalid_choice": _("Choose one problem from the list."),
        },
    )

    def __init__(self, *args: Any, topics: tuple[Topic, ...] = TOPICS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(t.slug, t.label) for t in topics]  # type: ignore[attr-defined]


class StoryForm(forms.Form):
    description = LongTextField(
        label=_("What happened?"),
        help_text=_("Say what happened, when, and who did it. You can write in your own language."),
        max_length=DESCRIPTION_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 7}),
        error_messages={
            "required": _("Please tell us what happened."),
            "max_length": _("This is too long. Use at most %(limit_value)d letters (you used %(show_value)d)."),
        },
    )
    danger = forms.ChoiceField(
        label=_("Is someone in danger now?"),
        choices=[("no", _("No")), ("yes", _("Yes, now"))],
        widget=forms.RadioSelect,
        initial="no",
        error_messages=_required(_("Say if someone is in danger now.")),
    )


class PrivacyForm(forms.Form):
    privacy = forms.ChoiceField(
        label=_("Do you want to give your name?"),
        choices=[
            ("anonymous", _("No. Keep me anonymous.")),
            ("confidential", _("Yes, but keep it secret.")),
        ],
        widget=forms.RadioSelect,
        error_messages=_required(_("Choose one: anonymous, or with your name kept secret.")),
    )


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("This name is too long. Use at most 200 letters.")},
    )
    phone = forms.CharField(
        label=_("Your phone number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"max_length": _("This phone number is too long.")},
    )
    contact = LongTextField(
        label=_("Another way to reach you"),
        help_text=_("For example: through a worker organisation, or a friend."),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("This is too long. Use at most 500 letters.")},
    )

    def clean_phone(self) -> str:
        phone = (self.cleaned_data.get("phone") or "").strip()
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError(_("Write the phone number with digits only, like +1 555 123 4567."))
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not any((data.get(k) or "").strip() for k in ("name", "phone", "contact")):
            raise forms.ValidationError(
                _("Give your name, a phone number or another way to reach you. Or go back and choose anonymous.")
            )
        return data


class CaseAccessForm(forms.Form):
    """Case code and secret. Checked only by the service: a malformed code is refused exactly like a
    wrong secret, so this form says nothing about which part was wrong."""

    case_code = forms.CharField(
        label=_("Case code"),
        max_length=64,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Type your case code."), "max_length": _("This case code is too long.")},
    )
    secret = forms.CharField(
        label=_("Secret"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
        error_messages={"required": _("Type your secret."), "max_length": _("This secret is too long.")},
    )


class ReplyForm(CaseAccessForm):
    text = LongTextField(
        label=_("Your message"),
        max_length=REPLY_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write your message first."),
            "max_length": _("This is too long. Use at most %(limit_value)d letters (you used %(show_value)d)."),
        },
    )
