"""Everything that changes a meeting or a case at a meeting, by concern:
the case steps, the meeting and its agenda, signing, and rendering."""
