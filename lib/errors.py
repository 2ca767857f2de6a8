"""Errors a step in a case can raise. Their messages are shown to users as-is,
so they are in Swedish and say what is wrong and what is possible instead."""

from collections.abc import Callable


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

    @property
    def errors(self) -> list["DomainError"]:
        """Each problem found: this one alone, or each of DomainErrors'."""
        return [self]


class DomainErrors(DomainError):
    """Several problems found at once, so that a form shows them together.

    Read as one DomainError it is the first problem (its message, field and
    index), so that a caller that shows one problem shows the first.
    """

    def __init__(self, errors: list[DomainError]):
        self._errors = [one for error in errors for one in error.errors]
        first = self._errors[0]
        super().__init__(first.message, field=first.field, index=first.index)

    @property
    def errors(self) -> list[DomainError]:
        return self._errors


class Problems:
    """Collects the refusals of several independent checks, to raise them at once.

        problems = Problems()
        problems.check(check_date, motion, on)
        if due_on < on:
            problems.add(DomainError(..., field="due_on"))
        problems.raise_any()
    """

    def __init__(self):
        self.found: list[DomainError] = []

    def add(self, error: DomainError) -> None:
        self.found.append(error)

    def check(self, check: Callable[..., object], *args, **kwargs) -> bool:
        """Run `check`, keeping its refusal instead of raising it; whether it passed."""
        try:
            check(*args, **kwargs)
        except DomainError as error:
            self.found.append(error)
            return False
        return True

    def raise_any(self) -> None:
        if len(self.found) == 1:
            raise self.found[0]
        if self.found:
            raise DomainErrors(self.found)


class TransitionError(DomainError):
    """The step is not allowed from the case's current status."""


class AlreadyDone(DomainError):
    """The same form was sent again (a double click, a reload): the step was taken the first time,
    and `record` is what it made."""

    def __init__(self, message: str, *, record):
        super().__init__(message, field="submission")
        self.record = record


class ConflictError(DomainError):
    """The case changed since the caller read it; `current_version` is its version now."""

    def __init__(self, message: str, *, current_version: int):
        super().__init__(message, field="version")
        self.current_version = current_version
