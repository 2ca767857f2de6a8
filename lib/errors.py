"""Errors a step in a case can raise. Their messages are shown to users as-is,
so they are in Swedish and say what is wrong and what is possible instead."""


class DomainError(Exception):
    """A step refused by the rules of the process; nothing was changed.

    `field` names the input at fault, when there is one, so a form or an
    import can point at it; `index` says which one, when the input is a list.
    """

    def __init__(self, message: str, *, field: str | None = None, index: int | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.index = index


class TransitionError(DomainError):
    """The step is not allowed from the case's current status."""


class ConflictError(DomainError):
    """The case changed since the caller read it; `current_version` is its version now."""

    def __init__(self, message: str, *, current_version: int):
        super().__init__(message, field="version")
        self.current_version = current_version
