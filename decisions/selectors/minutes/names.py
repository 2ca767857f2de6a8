"""How the minutes name people, bodies and paragraphs."""

from organisation.models import MinuteLayout


def named(person, party=None) -> str:
    """ "Eva Lund (S)"; the name alone without a party."""
    return f"{person.name} ({party.abbreviation})" if party else person.name


def participant(row) -> str:
    """Someone's part in a paragraph, with the party they had at the meeting."""
    return named(row.person, row.party)


def _formatted(layout: MinuteLayout, body, number: str, year: int) -> str:
    values = {"number": number, "short_name": body.short_name or body.name, "year": year, "yy": f"{year % 100:02d}"}
    try:
        return layout.paragraph_format.format(**values).strip() or f"§ {number}"
    except (KeyError, IndexError, ValueError, AttributeError):
        return f"§ {number}"


def paragraph_label(layout: MinuteLayout, body, number: int | None, year: int) -> str:
    """The paragraph number as the layout writes it: "§ 13", "KF § 13", "§ 70/20";
    nothing for a paragraph whose number the source of its minutes does not give."""
    return _formatted(layout, body, str(number), year) if number is not None else ""


def paragraphs_label(layout: MinuteLayout, body, numbers: list[int], year: int) -> str:
    """The paragraphs a document covers: "§§ 12–14", "KF §§ 12–14", "§§ 70–72/20"."""
    numbers = [number for number in numbers if number is not None]
    if not numbers:
        return ""
    first, last = min(numbers), max(numbers)
    if first == last:
        return paragraph_label(layout, body, first, year)
    text = _formatted(layout, body, f"{first}–{last}", year)
    return text.replace("§ ", "§§ ", 1) if "§§" not in text else text


def heading_text(heading: str, body) -> str:
    """A layout's heading with the body put in: "{genitive} beslut" → "Kommunstyrelsens beslut"."""
    try:
        return heading.format(genitive=body.genitive).strip()
    except (KeyError, IndexError, ValueError, AttributeError):
        return heading.strip()
