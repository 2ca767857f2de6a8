"""The organisation as data: an organisation file (JSON, docs/organisation.md)
holds an organisation whole (its rules of procedure and path of preparation,
minute layouts, bodies, parties, people and their memberships), and is
checked (`validation`), loaded (`loader`) and written (`exporter`) here."""
