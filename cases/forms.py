from django import forms
from django.utils.translation import gettext_lazy as _

from cases.selectors import filter_choices
from lib.time_limits import FIRST_YEAR, LAST_YEAR
from motions.search import query_terms

ALL = [("", _("Alla"))]


class CaseFilterForm(forms.Form):
    """The case list's filters; a value that is not valid is left out, with a message.
    The choices come from the cache (cases.selectors.filter_choices); the movers and
    bodies are the chosen organisation's (the first one's when none is chosen)."""

    q = forms.CharField(
        label=_("Sök"), required=False, max_length=200,
        help_text=_("Söker i rubrik, diarienummer, sammanfattning, motionstext, att-satser, remissvar och "
                    "justerade protokoll. Alla ord måste finnas; böjda former hittas också."),
    )
    # Offered where the installation serves several organisations.
    organisation = forms.TypedChoiceField(label=_("Organisation"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    year = forms.IntegerField(label=_("År"), required=False, min_value=FIRST_YEAR,
                              max_value=LAST_YEAR)
    party = forms.ChoiceField(label=_("Parti"), required=False)
    mover = forms.TypedChoiceField(label=_("Motionär"), required=False, coerce=int, empty_value=None)
    body = forms.TypedChoiceField(label=_("Öppen remiss hos"), required=False, coerce=int, empty_value=None)
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
        chosen = self.data.get("organisation", "") if self.is_bound else ""
        choices = filter_choices(int(chosen) if chosen.isdigit() and len(chosen) < 10 else None)
        self.several_organisations = len(choices["organisations"]) > 1
        if self.several_organisations:
            self.fields["organisation"].choices = ALL + choices["organisations"]
        else:
            del self.fields["organisation"]
        # The statuses of the organisation's path, in its own words.
        self.fields["status"].choices = [*ALL, ("open", _("Alla öppna")), *choices["statuses"]]
        self._parties = dict(choices["parties"])
        self.fields["party"].choices = ALL + [(abbreviation, abbreviation) for abbreviation in self._parties]
        where = {"organisation": choices["organisation"]}
        self.fields["mover"].choices = ALL + choices["movers"]
        self.fields["mover"].error_messages["invalid_choice"] = _(
            "Motionären finns inte bland personerna i %(organisation)s. Välj en i listan.") % where
        self.fields["body"].choices = ALL + choices["bodies"]
        self.fields["body"].error_messages["invalid_choice"] = _(
            "Det finns inget organ med det valet i %(organisation)s som tar emot remisser. Välj ett i listan.") % where

    def clean_party(self):
        """The party's key, for the filter; the form shows its abbreviation."""
        return self._parties.get(self.cleaned_data["party"])
