from django import forms
from django.utils.translation import gettext_lazy as _

from lib.forms import ServiceForm
from publication.models import Kind, WithholdingGround


class PublishForm(ServiceForm):
    """Publish the document: nothing to fill in, the button is the decision."""


class WithholdForm(ServiceForm):
    """Keep the document off the site, with its ground and the reason (publication.services.withhold)."""

    ground = forms.ChoiceField(
        label=_("Skäl"), choices=WithholdingGround.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Välj skälet till att handlingen inte publiceras."),
                        "invalid_choice": _("Välj ett av skälen i listan.")})
    reason = forms.CharField(
        label=_("Motivering"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Till exempel vilka personuppgifter det gäller, eller sekretessbestämmelsen (21 kap. 7 § OSL). "
                    "Högst 300 tecken."),
        error_messages={"required": _("Skriv en motivering."),
                        "max_length": _("Motiveringen är för lång: högst %(limit_value)d tecken (den har "
                                        "%(show_value)d).")})


# The choices of the rules page, for each kind of document.
AT_ONCE, AFTER_REVIEW = "at_once", "after_review"


class RulesForm(ServiceForm):
    """The organisation's rule for each kind of document: published at once, or after review."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, widget=forms.RadioSelect,
                choices=[(AT_ONCE, _("Publiceras direkt, om inte granskningen hittar personnummer")),
                         (AFTER_REVIEW, _("Publiceras efter registraturens granskning"))],
                error_messages={"required": _("Välj när handlingar av det här slaget publiceras."),
                                "invalid_choice": _("Välj ett av de två alternativen.")})

    def review_first(self) -> dict[str, bool]:
        return {kind.value: self.cleaned_data[kind.value] == AFTER_REVIEW for kind in Kind}
