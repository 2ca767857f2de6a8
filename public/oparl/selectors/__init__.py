"""The open data's reads, by area: the organisation (bodies, people, their seats, the terms of
office), the meetings with their agendas and paragraphs, the papers (motions) with their
consultations, and the files. Each gives the public rows of its kinds, what a batch of them needs
to be written out (in a fixed number of queries), when each was made and last changed, and the
filters on those times. What the public may see is asked of the access helpers of the apps that
own the data (decisions.access, documents.access)."""
