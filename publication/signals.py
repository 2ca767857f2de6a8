from django.dispatch import Signal

# Sent after a document's publication state changed (sender: its model; document: the row),
# once the transaction commits: an app that remembers what is public forgets it.
state_changed = Signal()
