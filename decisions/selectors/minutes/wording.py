"""How a layout words the minutes' fixed phrases: its own where it has them,
the common ones (organisation.wording.WORDING, listed in docs/minutes.md) elsewhere."""

import re

from organisation.wording import WORDING


class Wording:
    """A layout's phrases: its own where it has them, the common ones elsewhere.

    Called with a key and the values of its placeholders, it returns the
    phrase filled in. An override the admin let through but that cannot be
    filled in (it should not happen) falls back to the common phrase rather
    than stop the minutes."""

    def __init__(self, overrides: dict | None = None):
        own = {key: value for key, value in (overrides or {}).items() if key in WORDING and isinstance(value, str)}
        self.phrases = {**WORDING, **own}

    def __call__(self, key: str, **values) -> str:
        try:
            text = self.phrases[key].format(**values)
        except (KeyError, IndexError, ValueError, AttributeError):
            text = WORDING[key].format(**values)
        return tidy(text)


_SPACE_BEFORE_STOP = re.compile(r" ([.,;:!?])")


def tidy(text: str) -> str:
    """One line with single spaces and none before a stop: an optional part
    left empty ("reserverar sig mot beslutet {favour}.") leaves no gap."""
    return _SPACE_BEFORE_STOP.sub(r"\1", " ".join(text.split()))


COMMON = Wording()


