from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Delivery, Language
from lib.forms import ServiceForm


class EmailSettingsForm(ServiceForm):
    delivery = forms.ChoiceField(
        label=_("Hur vill du få e-post?"), choices=Delivery.choices, widget=forms.RadioSelect,
        help_text=_("Påminnelser om tidsfrister och nyheter i ärenden du bevakar."))
    language = forms.ChoiceField(label=_("Språk i e-posten"), choices=Language.choices, widget=forms.RadioSelect)


class CodeForm(ServiceForm):
    """A code from the user's authenticator app (TOTP)."""

    token = forms.CharField(
        label=_("Kod från appen"), max_length=20,
        help_text=_("Sex siffror, som appen visar och byter var 30:e sekund."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))
