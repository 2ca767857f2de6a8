from django import forms
from django.utils.translation import gettext_lazy as _

from decisions.models import Outcome
from decisions.selectors.case_steps import STEP_SEND_BACK
from lib.forms import DateField, DateInput, ServiceForm, VersionField
from motions.forms import PersonChoiceField
from organisation.models import Attendance, Body, Person


class DraftDecisionForm(ServiceForm):
    drafted_on = DateField(label=_("Tjänsteskrivelsens datum"), widget=DateInput())
    proposal = forms.ChoiceField(label=_("Förslag till beslut"),
                                 choices=[("", _("Välj förslag")), *Outcome.choices])
    summary = forms.CharField(
        label=_("Sammanfattning"), required=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Förvaltningens text efter de meningar som skrivs ut från ärendet "
                    "(när motionen väcktes, vart den remitterats och vad svaren sade)."),
    )
    version = VersionField()
    service_fields = {"date": "drafted_on"}


class AgendaForm(ServiceForm):
    """Which meeting is to handle the case next: the body follows from the step."""

    step = forms.ChoiceField(label=_("Behandlas av"), widget=forms.RadioSelect)
    meeting_date = DateField(label=_("Sammanträdesdatum"), widget=DateInput())
    place = forms.CharField(label=_("Plats"), max_length=200, required=False)
    service_fields = {"meeting": "meeting_date"}

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = steps
        if len(steps) == 1:
            self.fields["step"].initial = steps[0][0]


class PersonTextForm(forms.Form):
    """One proposal from the floor, or one reservation: who, and what."""

    person = forms.ModelChoiceField(label=_("Ledamot"), queryset=Person.objects.none(), required=False,
                                    empty_label=_("Välj ledamot"))
    text = forms.CharField(label=_("Text"), required=False)

    def __init__(self, *args, people=None, text_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people if people is not None else Person.objects.none()
        self.text_required = text_required

    def clean(self):
        data = super().clean()
        if data.get("text") and not data.get("person"):
            self.add_error("person", _("Välj vem det gäller."))
        if self.text_required and data.get("person") and not data.get("text"):
            self.add_error("text", _("Skriv vad ledamoten yrkar."))
        return data


PersonTextFormSet = forms.formset_factory(PersonTextForm, extra=3, max_num=30)



class MinuteItemForm(ServiceForm):
    """A paragraph in a body's minutes on this case. The steps offered are
    the ones the case's status allows now."""

    step = forms.ChoiceField(label=_("Steg"), widget=forms.RadioSelect)
    meeting_date = DateField(label=_("Sammanträdesdatum"), widget=DateInput())
    place = forms.CharField(label=_("Plats"), max_length=200, required=False)
    number = forms.IntegerField(
        label=_("Paragraf (§)"), required=False, min_value=1, max_value=9999,
        help_text=_("Lämna tomt för numret från sammanträdets föredragningslista."),
    )
    outcome = forms.ChoiceField(label=_("Beslut eller förslag"), required=False)
    reason = forms.CharField(label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Krävs vid återremiss."))
    summary = forms.CharField(label=_("Sammanfattning"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    speakers = PersonChoiceField(
        label=_("Yttrar sig under överläggningen"), queryset=Person.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(label=_("Protokollsanteckningar"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}), help_text=_("En per rad."))
    version = VersionField()
    service_fields = {"meeting": "meeting_date", "date": "meeting_date", "proposal": "outcome",
                      "people": "speakers"}

    def __init__(self, *args, steps, outcomes, clauses, people, hands_over=None, **kwargs):
        """`hands_over`: the preparing committee, when a step at it is offered
        (it may hand the case over without a position of its own)."""
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = steps
        if len(steps) == 1:
            self.fields["step"].initial = steps[0][0]
        self.fields["outcome"].choices = [("", _("Utan eget ställningstagande / ej tillämpligt")), *outcomes]
        if hands_over is not None:
            self.fields["outcome"].help_text = (
                _("%(body)s kan lämna ärendet utan eget ställningstagande.") % {"body": hands_over})
        self.fields["speakers"].queryset = people
        self.clauses = list(clauses)
        for clause in self.clauses:
            self.fields[f"clause_{clause.number}"] = forms.TypedChoiceField(
                label=_("Att-sats %(n)s: %(text)s") % {"n": clause.number, "text": clause.text},
                choices=[("", "–"), ("1", _("Bifalls")), ("0", _("Avslås"))], coerce=lambda v: v == "1",
                required=False, empty_value=None,
                help_text=_("Anges vid delvis bifall."),
            )

    def clean(self):
        data = super().clean()
        if data.get("step") == STEP_SEND_BACK and not (data.get("reason") or "").strip():
            self.add_error("reason", _("En återremiss måste ha en motivering."))
        return data

    def clause_decisions(self) -> dict[int, bool] | None:
        decided = {
            clause.number: self.cleaned_data.get(f"clause_{clause.number}") for clause in self.clauses
        }
        decided = {number: value for number, value in decided.items() if value is not None}
        return decided or None

    def note_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["notes"].splitlines() if line.strip()]


class TimeInput(forms.TimeInput):
    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", attrs={"inputmode": "numeric", "placeholder": "TT:MM",
                                                "autocomplete": "off"}, **kwargs)


class MeetingForm(ServiceForm):
    """A new meeting of a body."""

    body = forms.ModelChoiceField(label=_("Organ"), queryset=Body.objects.none(), empty_label=_("Välj organ"))
    date = DateField(label=_("Datum"), widget=DateInput())
    starts_at = forms.TimeField(label=_("Börjar"), required=False, widget=TimeInput())
    place = forms.CharField(label=_("Plats"), max_length=200, required=False)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class MeetingDetailsForm(ServiceForm):
    starts_at = forms.TimeField(label=_("Började"), required=False, widget=TimeInput())
    ends_at = forms.TimeField(label=_("Slutade"), required=False, widget=TimeInput())
    place = forms.CharField(label=_("Plats"), max_length=200, required=False)
    kept_at = forms.CharField(label=_("Förvaringsplats för protokollet"), max_length=200, required=False,
                              help_text=_("Som i anslaget, till exempel ”Kommunstyrelsens förvaltning”."))


class AttendanceForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none(), required=False,
                                    empty_label=_("Välj person"))
    role = forms.ChoiceField(label=_("Roll"), choices=Attendance.Role.choices, required=False)
    replaces = forms.ModelChoiceField(label=_("Ersätter"), queryset=Person.objects.none(), required=False,
                                      empty_label="–")
    duty = forms.ChoiceField(label=_("Uppdrag"), choices=Attendance.Duty.choices, required=False)
    title = forms.CharField(label=_("Titel"), max_length=100, required=False)
    signs = forms.BooleanField(label=_("Justerare"), required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("person", "replaces"):
            self.fields[name].queryset = people if people is not None else Person.objects.none()

    def clean(self):
        data = super().clean()
        if data.get("person") and not data.get("role"):
            self.add_error("role", _("Välj roll."))
        return data


AttendanceFormSet = forms.formset_factory(AttendanceForm, extra=6, max_num=150)


class OtherMatterForm(ServiceForm):
    title = forms.CharField(label=_("Rubrik"), max_length=400,
                            help_text=_("Till exempel ”Val av justerare” eller ”Information från förvaltningen”."))


class OtherMinuteForm(ServiceForm):
    number = forms.IntegerField(label=_("Paragraf (§)"), required=False, min_value=1, max_value=9999,
                                help_text=_("Lämna tomt för numret från föredragningslistan."))
    decision_text = forms.CharField(label=_("Beslut"), widget=forms.Textarea(attrs={"rows": 3}))
    summary = forms.CharField(label=_("Sammanfattning"), required=False, widget=forms.Textarea(attrs={"rows": 5}))


class SigningForm(ServiceForm):
    signed_on = DateField(label=_("Justerat"), widget=DateInput())
    posted_on = DateField(
        label=_("Anslaget sätts upp"), required=False, widget=DateInput(),
        help_text=_("Tomt: andra dagen efter justeringen, den sista dag lagen medger (KL 8 kap. 12 §). "
                    "”Föreslå datum” fyller i förslagen."))
    appeal_until = DateField(
        label=_("Sista dag att överklaga"), required=False, widget=DateInput(),
        help_text=_("Tomt: tre veckor efter anslaget, flyttat till nästa vardag vid lördag, söndag eller "
                    "helgdag (KL 13 kap. 5 §)."))
    notice_removed_on = DateField(
        label=_("Anslaget tas ned"), required=False, widget=DateInput(),
        help_text=_("Tomt: dagen efter sista dag att överklaga."))


class AppealForm(ServiceForm):
    lodged_on = DateField(label=_("Överklagandet kom in"), widget=DateInput())
    court_case = forms.CharField(label=_("Förvaltningsrättens målnummer"), max_length=60, required=False)
    note = forms.CharField(label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
