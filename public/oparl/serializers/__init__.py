"""The OParl objects, one module per type: each writes an object from rows read for it (by
public.oparl.selectors), as embedded in its parent or, `standalone`, as served at its own
address with the reference back to its parent (OParl 1.1, 3: an object embedded in another is
the same object without that reference)."""
