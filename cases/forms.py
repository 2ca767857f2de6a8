from django import forms
from django.utils.translation import gettext_lazy as _

from lib.time_limits import FIRST_YEAR, LAST_YEAR
from motions import rules
from motions.search import query_terms
from organisation.models import Body, Municipality, Party, Person
from organisation.selectors import home_municipality


class CaseFilterForm(forms.Form):
    """The case list's filters; a value that is not valid is left out, with a message."""

    q = forms.CharField(
        label=_("Sök"), required=False, max_length=200,
        help_text=_("Söker i rubrik, diarienummer, sammanfattning, motionstext, att-satser, remissvar och "
                    "justerade protokoll. Alla ord måste finnas; böjda former hittas också."),
    )
    # Offered where the installation serves several organisations.
    organisation = forms.ModelChoiceField(label=_("Organisation"), required=False,
                                          queryset=Municipality.objects.order_by("name"), empty_label=_("Alla"))
    status = forms.ChoiceField(label=_("Status"), required=False)
    year = forms.IntegerField(label=_("År"), required=False, min_value=FIRST_YEAR,
                              max_value=LAST_YEAR)
    party = forms.ModelChoiceField(label=_("Parti"), required=False, queryset=Party.objects.all(),
                                   to_field_name="abbreviation", empty_label=_("Alla"))
    mover = forms.ModelChoiceField(label=_("Motionär"), required=False, queryset=Person.objects.none(),
                                   empty_label=_("Alla"))
    body = forms.ModelChoiceField(label=_("Öppen remiss hos"), required=False, queryset=Body.objects.none(),
                                  empty_label=_("Alla"))
    overdue = forms.BooleanField(label=_("Bara ärenden över ettårsgränsen"), required=False)

    def clean_q(self):
        q = self.cleaned_data["q"]
        if q and not query_terms(q):
            raise forms.ValidationError(
                _("Sökningen har inget ord att söka efter; skriv minst ett ord (småord som ”och” och ”att” söks "
                  "inte)."))
        return q

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The statuses of the organisation's path, in its own words.
        self.fields["status"].choices = [("", _("Alla")), ("open", _("Alla öppna")),
                                         *rules.status_choices(home_municipality())]
        self.fields["mover"].queryset = Person.objects.filter(motions__isnull=False).distinct().order_by("name")
        self.fields["body"].queryset = Body.objects.filter(referrals__isnull=False).distinct().order_by("name")
        self.several_organisations = Municipality.objects.count() > 1
        if not self.several_organisations:
            del self.fields["organisation"]
