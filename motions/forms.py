from django import forms
from django.utils.translation import gettext_lazy as _

from lib.forms import DateField, DateInput, ServiceForm, VersionField
from organisation.models import Person


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return f"{person.name} ({person.party})" if person.party else person.name


class MotionForm(ServiceForm):
    title = forms.CharField(label=_("Rubrik"), max_length=300)
    movers = PersonChoiceField(
        label=_("Motionärer"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en motionär.")},
    )
    received_on = DateField(label=_("Inkom"), widget=DateInput())
    filed_on = DateField(
        label=_("Väckt vid fullmäktiges sammanträde"), required=False, widget=DateInput(),
        help_text=_("Lämna tomt om sammanträdet inte är känt; motionen räknas då som väckt den dag den inkom."),
    )
    summary = forms.CharField(
        label=_("Sammanfattning"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vad motionären anser och yrkar, som det ska återges i protokollet."),
    )
    clauses = forms.CharField(
        label=_("Att-satser"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("En att-sats per rad."),
    )
    text = forms.CharField(label=_("Motionstext"), required=False, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["movers"].queryset = (
            Person.objects.filter(municipality=municipality).select_related("party").order_by("name")
        )

    def clean(self):
        data = super().clean()
        received, filed = data.get("received_on"), data.get("filed_on")
        if received and filed and filed < received:
            self.add_error("filed_on", _("Sammanträdet kan inte ligga före dagen motionen inkom."))
        return data

    def clause_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["clauses"].splitlines() if line.strip()]


class WithdrawForm(ServiceForm):
    on = DateField(label=_("Återkallad den"), widget=DateInput())
    service_fields = {"date": "on"}
    reason = forms.CharField(label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = VersionField()
