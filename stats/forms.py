from django import forms
from django.utils.translation import gettext_lazy as _

from lib.time_limits import FIRST_YEAR, LAST_YEAR
from stats.selectors import Filters, home_organisation, organisation_choices


class StatisticsFilterForm(forms.Form):
    """Whose statistics: an organisation (where the installation serves several) and the years the
    motions were filed in. A value that is not valid is left out, with a message at its field."""

    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": _("Organisationen finns inte. Välj en i listan.")})
    from_year = forms.IntegerField(label=_("Väckta från år"), required=False, min_value=FIRST_YEAR,
                                   max_value=LAST_YEAR)
    to_year = forms.IntegerField(label=_("till och med år"), required=False, min_value=FIRST_YEAR,
                                 max_value=LAST_YEAR)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = organisation_choices()
        self.home = home_organisation(choices)
        self.several_organisations = len(choices) > 1
        if self.several_organisations:
            self.fields["organisation"].choices = [(pk, name) for pk, name in choices]
            self.fields["organisation"].initial = self.home
        else:
            del self.fields["organisation"]

    def clean(self):
        data = super().clean()
        first, last = data.get("from_year"), data.get("to_year")
        if first and last and first > last:
            self.add_error("to_year", _("Det sista året kan inte vara före det första (%(first)s).") % {"first": first})
        return data

    def filters(self) -> Filters | None:
        """The filters chosen, the valid ones (the installation's own organisation when none is
        chosen); None when there is no organisation at all."""
        data = self.cleaned_data if self.is_bound else {}
        organisation = data.get("organisation") or self.home
        if organisation is None:
            return None
        return Filters(organisation=organisation, first_year=data.get("from_year"), last_year=data.get("to_year"))

    def query(self) -> dict:
        """The valid filters as the page's address gives them (for the CSV links)."""
        filters = self.filters()
        query = {}
        if self.several_organisations:
            query["organisation"] = filters.organisation
        if filters.first_year:
            query["from_year"] = filters.first_year
        if filters.last_year:
            query["to_year"] = filters.last_year
        return query
