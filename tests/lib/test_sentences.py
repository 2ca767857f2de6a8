"""A sentence the system writes into a record: Swedish in the record, the reader's language on the page."""

from django.utils import translation

from lib.sentences import Sentence


def test_a_sentence_is_kept_in_swedish_and_shown_in_the_active_language():
    sentence = Sentence("%(body)s: %(decision)s", {"body": "Kommunstyrelsen", "decision": "Övrigt ärende"},
                        labels=("decision",))
    assert sentence.in_swedish() == "Kommunstyrelsen: Övrigt ärende"
    with translation.override("en"):
        assert str(sentence) == "Kommunstyrelsen: Other matter"  # only the label is a message id
        assert sentence.in_swedish() == "Kommunstyrelsen: Övrigt ärende"


def test_sentences_nest_and_lists_join_and_survive_storage():
    details = Sentence("%(details)s", {"details": [
        Sentence("%(label)s: %(value)s", {"label": "Plats", "value": "Stadshuset"}, labels=("label",)),
        Sentence("%(label)s: %(value)s", {"label": "Plats", "value": "–"}, labels=("label",))]}, separator="; ")
    stored = Sentence.from_data(details.as_data())
    assert stored == Sentence.from_data(stored.as_data())
    assert stored.in_swedish() == "Plats: Stadshuset; Plats: –"
    with translation.override("en"):
        assert str(stored) == "Venue: Stadshuset; Venue: –"


def test_a_template_without_values_is_a_message_id_of_its_own():
    with translation.override("en"):
        assert str(Sentence("Anses besvarad")) == "Deemed answered"
        assert str(Sentence("100 %")) == "100 %"  # no values: no formatting
        assert str(Sentence("%(label)s.", {"label": ""}, labels=("label",))) == "."
