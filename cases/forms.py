from django import forms
from django.utils.translation import gettext_lazy as _

from lib.forms import ModelChoiceField
from lib.time_limits import FIRST_YEAR, LAST_YEAR
from motions import rules
from organisation.models import Body, Municipality, Party, Person
from organisation.selectors import home_municipality


class CaseFilterForm(forms.Form):
    """The case list's filters; a value that is not valid is left out, with a message."""

    q = forms.CharField(label=_("Sök i rubriker"), required=False, max_length=200)
    # Offered where the installation serves several organisations.
    organisation = ModelChoiceField(label=_("Organisation"), required=False,
                                          queryset=Municipality.objects.order_by("name"), empty_label=_("Alla"))
    status = forms.ChoiceField(label=_("Status"), required=False)
    year = forms.IntegerField(label=_("År"), required=False, min_value=FIRST_YEAR,
                              max_value=LAST_YEAR)
    party = ModelChoiceField(label=_("Parti"), required=False, queryset=Party.objects.all(),
                                   to_field_name="abbreviation", empty_label=_("Alla"))
    mover = ModelChoiceField(label=_("Motionär"), required=False, queryset=Person.objects.none(),
                                   empty_label=_("Alla"))
    body = ModelChoiceField(label=_("Öppen remiss hos"), required=False, queryset=Body.objects.none(),
                                  empty_label=_("Alla"))
    overdue = forms.BooleanField(label=_("Bara ärenden över ettårsgränsen"), required=False)

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
