"""Sentences the system writes into a record (an event's description, a step's reason): kept in
Swedish in the record, where anyone can read them, and shown in the reader's language.

The project's message ids are Swedish, so a sentence is kept as its message id (marked with
gettext_noop where it is written, so that it is collected for translation) and its values. A value
that is itself a message id, such as a choice's label, is named in `labels` and translated with it.
A value may also be a sentence of its own (its `as_data()`), or a list of texts and sentences, shown
joined by `separator`. A value named in `lower` is shown in lower case (a choice's label inside a
sentence: "Förslag till beslut: anses besvarad").
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext, override


@dataclass(frozen=True)
class Sentence:
    template: str
    values: dict = field(default_factory=dict)
    labels: tuple[str, ...] = ()
    separator: str = ", "
    lower: tuple[str, ...] = ()

    def __str__(self) -> str:
        """The sentence in the active language."""
        text = gettext(self.template)
        if not self.values:
            return text
        return text % {name: self._show(name, value) for name, value in self.values.items()}

    def _show(self, name: str, value) -> str:
        if isinstance(value, list):
            return self.separator.join(self._show(name, item) for item in value)
        if isinstance(value, dict):
            text = str(Sentence.from_data(value))
        else:
            # (gettext("") is the catalogue's header, not an empty text.)
            text = gettext(value) if name in self.labels and value else str(value)
        return text.lower() if name in self.lower else text

    def in_swedish(self) -> str:
        """The sentence as the record keeps it."""
        with override("sv"):
            return str(self)

    def as_data(self) -> dict:
        def data(value):
            if isinstance(value, list):
                return [data(item) for item in value]
            return value.as_data() if isinstance(value, Sentence) else value
        result = {"template": self.template, "values": {name: data(value) for name, value in self.values.items()},
                  "labels": list(self.labels)}
        if self.separator != ", ":
            result["separator"] = self.separator
        if self.lower:
            result["lower"] = list(self.lower)
        return result

    @classmethod
    def from_data(cls, data: dict) -> "Sentence":
        return cls(data["template"], dict(data.get("values", {})), tuple(data.get("labels", ())),
                   data.get("separator", ", "), tuple(data.get("lower", ())))


def stored_texts(**texts) -> dict:
    """A record's texts as a model stores them: each text the system wrote (a Sentence) in Swedish,
    and under "sentences" its untranslated sentence to show in the reader's language; a text a
    person typed as typed."""
    sentences = {name: text.as_data() for name, text in texts.items() if isinstance(text, Sentence)}
    stored = {name: text.in_swedish() if isinstance(text, Sentence) else text for name, text in texts.items()}
    return {**stored, "sentences": sentences}


def shown_text(record, name: str) -> str:
    """A record's text `name` in the reader's language (see stored_texts)."""
    sentence = record.sentences.get(name)
    return str(Sentence.from_data(sentence)) if sentence else getattr(record, name)


def shown_texts(texts: dict) -> dict:
    """Texts kept as stored_texts returns them in a dict of their own (a line of a correction's
    changes), each in the reader's language; one without its sentence as stored."""
    sentences = texts.get("sentences") or {}
    return {name: str(Sentence.from_data(sentences[name])) if sentences.get(name) else value
            for name, value in texts.items() if name != "sentences"}


def part_of(texts: dict, name: str) -> "Sentence | str":
    """The text `name` of texts kept as stored_texts returns them, as a value of another sentence:
    its sentence where the system wrote one, else the text as stored."""
    sentence = (texts.get("sentences") or {}).get(name)
    return Sentence.from_data(sentence) if sentence else texts[name]
