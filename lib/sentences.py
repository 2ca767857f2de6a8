"""Sentences the system writes into a record (an event's description, a step's reason): kept in
Swedish in the record, where anyone can read them, and shown in the reader's language.

The project's message ids are Swedish, so a sentence is kept as its message id (marked with
gettext_noop where it is written, so that it is collected for translation) and its values. A value
that is itself a message id, such as a choice's label, is named in `labels` and translated with it.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext, override


@dataclass(frozen=True)
class Sentence:
    template: str
    values: dict[str, str] = field(default_factory=dict)
    labels: tuple[str, ...] = ()

    def __str__(self) -> str:
        """The sentence in the active language."""
        text = gettext(self.template)
        if not self.values:
            return text
        return text % {name: gettext(value) if name in self.labels else value for name, value in self.values.items()}

    def in_swedish(self) -> str:
        """The sentence as the record keeps it."""
        with override("sv"):
            return str(self)

    def as_data(self) -> dict:
        return {"template": self.template, "values": dict(self.values), "labels": list(self.labels)}

    @classmethod
    def from_data(cls, data: dict) -> "Sentence":
        return cls(data["template"], dict(data.get("values", {})), tuple(data.get("labels", ())))
