from motions.case_numbers import URL_PATTERN


class CaseNumberConverter:
    """Case numbers in URLs as the registry writes them, in any organisation's
    form: /arenden/KS-2021/345/, /arenden/KS%20KF/2025:294/ (at most one slash)."""

    regex = URL_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
