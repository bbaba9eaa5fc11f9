from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wsr.standing.models import GROUNDS_LABELS, STANDING_LABELS
from wsr.standing.transitions import Grounds, Stage, Standing, allowed_stage_targets, allowed_targets, grounds_for


class DecisionForm(forms.Form):
    target = forms.ChoiceField(label=_("New standing"))
    grounds = forms.ChoiceField(label=_("Grounds"))
    grounds_ref = forms.CharField(
        label=_("Reference of the grounds"),
        required=False,
        max_length=60,
        help_text=_("The finding, complaint, audit or escalation it rests on (its public id)."),
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}), help_text=_("Published on the transparency log.")
    )
    whole_supplier = forms.BooleanField(
        label=_("Apply to every facility of this supplier company in the program"), required=False
    )

    def __init__(self, *args, current: str = Standing.APPLICANT, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        targets = allowed_targets(current)
        target_field: forms.ChoiceField = self.fields["target"]  # type: ignore[assignment]
        target_field.choices = [(s.value, STANDING_LABELS[s]) for s in targets]
        grounds: set[Grounds] = set()
        for target in targets:
            grounds |= grounds_for(current, target)
        grounds_field: forms.ChoiceField = self.fields["grounds"]  # type: ignore[assignment]
        grounds_field.choices = [(g.value, GROUNDS_LABELS[g]) for g in Grounds if g in grounds]


class TextForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}))


class RespondForm(forms.Form):
    text = forms.CharField(label=_("Your response"), widget=forms.Textarea(attrs={"rows": 6}))
    appeal = forms.BooleanField(label=_("This is an appeal against the notice"), required=False)


class StageForm(forms.Form):
    to = forms.ChoiceField(label=_("Move to"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, current: str = Stage.STAGE_1, labels=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        to_field: forms.ChoiceField = self.fields["to"]  # type: ignore[assignment]
        to_field.choices = [(s.value, (labels or {}).get(s, s.value)) for s in allowed_stage_targets(current)]


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Who attended, what was agreed"), widget=forms.Textarea(attrs={"rows": 3}))


class WebhookForm(forms.Form):
    url = forms.CharField(
        label=_("Endpoint URL"),
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("Your system's HTTPS address that receives the pushes (JSON, signed)."),
    )
    events = forms.MultipleChoiceField(label=_("Events"), widget=forms.CheckboxSelectMultiple, choices=())

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        from wsr.standing.webhooks import EVENTS

        super().__init__(*args, **kwargs)
        events: forms.MultipleChoiceField = self.fields["events"]  # type: ignore[assignment]
        events.choices = list(EVENTS.items())
        events.initial = list(EVENTS)
