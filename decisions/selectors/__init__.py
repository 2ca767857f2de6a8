"""Reads for the decisions app, by concern: the minute text, the case steps,
the meeting pages and the stored documents."""
