from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Delivery, Language
from lib.forms import ServiceForm


class EmailSettingsForm(ServiceForm):
    delivery = forms.ChoiceField(
        label=_("Hur vill du få e-post?"), choices=Delivery.choices, widget=forms.RadioSelect,
        help_text=_("Påminnelser om tidsfrister och nyheter i ärenden du bevakar."))
    language = forms.ChoiceField(label=_("Språk i e-posten"), choices=Language.choices, widget=forms.RadioSelect)
