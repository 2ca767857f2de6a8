"""How much of a real minute paragraph the rendered minutes hold: the share
of its words found in the rendered text in the same order (the longest
common subsequence of the two word lists, over the expected words)."""

import re
from pathlib import Path

MINUTES = Path(__file__).resolve().parent.parent / "data" / "minutes"

# Punctuation at either end of a word: line breaks and lists move it about
# ("Netterlid\n(S)", "- att"), but the words stay.
_EDGES = re.compile(r"^[\s\-–•,;:.()\"”]+|[\s\-–•,;:.()\"”]+$")


def words(text: str) -> list[str]:
    return [word for word in (_EDGES.sub("", token) for token in text.split()) if word]


def expected_text(name: str) -> str:
    """A source paragraph without its header (the lines starting with #)."""
    lines = (MINUTES / name).read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("#"))


def share_in_order(expected: list[str], actual: list[str]) -> float:
    """|LCS(expected, actual)| / |expected|, one row of the table at a time."""
    if not expected:
        return 1.0
    positions: dict[str, list[int]] = {}
    for j, word in enumerate(actual):
        positions.setdefault(word, []).append(j)
    previous = [0] * (len(actual) + 1)
    for word in expected:
        current = previous[:]
        for j in positions.get(word, ()):
            current[j + 1] = max(current[j + 1], previous[j] + 1)
        for j in range(1, len(actual) + 1):
            if current[j] < current[j - 1]:
                current[j] = current[j - 1]
        previous = current
    return previous[-1] / len(expected)


def missing_in_order(expected: list[str], actual: list[str]) -> list[str]:
    """The expected words outside the common subsequence (for a failing test's message)."""
    n, m = len(expected), len(actual)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if expected[i] == actual[j] else max(table[i + 1][j],
                                                                                       table[i][j + 1])
    missing, i, j = [], 0, 0
    while i < n:
        if j < m and expected[i] == actual[j]:
            i, j = i + 1, j + 1
        elif j < m and table[i][j + 1] >= table[i + 1][j]:
            j += 1
        else:
            missing.append(expected[i])
            i += 1
    return missing
