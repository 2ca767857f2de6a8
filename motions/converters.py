from motions.models import CASE_NUMBER_PATTERN


class CaseNumberConverter:
    """Case numbers in URLs as the registry writes them: /arenden/KS-2021/345/."""

    regex = CASE_NUMBER_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
