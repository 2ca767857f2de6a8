from lib.errors import TransitionError
from motions.models import Motion
from motions.services import check_transition


def refusal(motion: Motion, to: str) -> str | None:
    """Why the case cannot go to status `to` now, in the lifecycle's own words; None if it can."""
    try:
        check_transition(motion, to)
    except TransitionError as error:
        return error.message
    return None
