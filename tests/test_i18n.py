"""The English catalogue: complete, and compiled."""

import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_message_has_an_english_translation_and_none_is_fuzzy():
    text = PO.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]  # the first is the header
    assert entries
    for entry in entries:
        assert "#, fuzzy" not in entry, entry
        translations = re.findall(r'^msgstr(?:\[\d\])? "(.*)"\n?((?:".*"\n?)*)', entry, re.M)
        assert translations and all(first or rest for first, rest in translations), entry


def test_the_compiled_catalogue_is_used():
    with translation.override("en"):
        assert translation.gettext("Motioner") == "Motions"
        assert translation.gettext("Remisser") == "Referrals"
