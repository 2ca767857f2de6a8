from hypothesis import given
from hypothesis import strategies as st

from lib.swedish import join_list, month_year, paragraphs
from tests.conftest import d


def test_join_list_is_a_swedish_list():
    assert join_list([]) == ""
    assert join_list(["A (V)"]) == "A (V)"
    assert join_list(["A (V)", "B (M)"]) == "A (V) och B (M)"
    assert join_list(["A (V)", "B (M)", "C (S)"]) == "A (V), B (M) och C (S)"


@given(st.lists(st.text(alphabet="abcåäö", min_size=1), min_size=2))
def test_join_list_keeps_every_item_in_order_with_one_och(items):
    joined = join_list(items)
    assert joined.endswith(" och " + items[-1])
    assert joined.count(", ") == len(items) - 2


def test_month_year_and_paragraphs():
    assert month_year(d("2021-03-15")) == "mars 2021"
    assert paragraphs("Ett\nstycke.\n\n\nTvå  stycken.\n") == ["Ett stycke.", "Två stycken."]
