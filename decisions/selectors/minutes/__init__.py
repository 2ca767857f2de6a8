"""The minute text: a plain context of ready sentences for one template; the
template only lays them out.

    case.py      the case: title, summary, history, basis, proposal, decision
    meeting.py   what happened at the paragraph: speakers, proposals, votes, …
    sections.py  the parts in the organisation's layout, and the annexes
    contexts.py  the documents: extract, protocol, notice, announcement
    wording.py   the fixed phrases, and a layout's own wording of them
"""

from .case import (
    basis_lines,
    decision_lines,
    decision_text,
    filing_sentence,
    history_lines,
    movers_text,
    proposal_lines,
    referral_sentence,
    summary_paragraphs,
    title_line,
)
from .contexts import (
    extract_context,
    item_context,
    layout_of,
    meeting_layout,
    meetings_for_render,
    minute_items_for_render,
    notice_context,
    posted_agenda_context,
    preview_item,
    protocol_front,
    protocol_items,
)
from .meeting import vote_lines
from .sections import Section, item_sections
from .wording import WORDING, Wording

__all__ = [
    "WORDING", "Section", "Wording", "basis_lines", "decision_lines", "decision_text", "extract_context",
    "filing_sentence", "history_lines", "item_context", "item_sections", "layout_of", "meeting_layout",
    "meetings_for_render", "minute_items_for_render", "movers_text", "notice_context", "posted_agenda_context",
    "preview_item", "proposal_lines", "protocol_front", "protocol_items", "referral_sentence", "summary_paragraphs",
    "title_line", "vote_lines",
]
