"""The addresses' parts."""

from lib.forms import parse_id


class IdConverter:
    """A row's id in an address, `<id:meeting_id>`: Django's `<int:...>` takes any number of digits,
    and a number beyond a 64-bit column (or of 5,000 digits) then fails in the database or in int()
    rather than finding no page. Here it is not a match: 404."""

    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = parse_id(value)
        if number is None:
            raise ValueError(value)  # the URL resolver's sign for "no match"
        return number

    def to_url(self, value):
        return str(value)
