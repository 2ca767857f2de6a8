"""Who may do what with a referral. Every view asks here.

A board secretary works on the referrals of their own bodies only: another
body's referral, its draft answer included, does not exist for them (404)
until its answer is submitted, when it is public like the rest of the case.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404

from accounts.roles import is_registry, secretary_body_ids
from motions.models import Status
from organisation.models import Body
from referrals.models import Referral

VIEW = "view"  # the referral's page with its answer or draft
ANSWER = "answer"  # submit the answer, decline, save a draft
MANAGE = "manage"  # extend the due date, withdraw: the registry


def can_answer(user, referral: Referral) -> bool:
    return is_registry(user) or referral.body_id in secretary_body_ids(user)


def can_change_answer_documents(user, referral: Referral) -> bool:
    """Add to or replace the documents of an answer that came in: the
    registry, and the body's secretary while the case is still out on
    referral (once it is prepared, the answers are what it was prepared on)."""
    if referral.status != Referral.Status.ANSWERED:
        return False
    if is_registry(user):
        return True
    return referral.body_id in secretary_body_ids(user) and referral.motion.status == Status.REFERRED


def can_manage(user, referral: Referral) -> bool:  # noqa: ARG001 (the same question for every referral, as yet)
    return is_registry(user)


def referral_for(user, referral_id: int, action: str = VIEW) -> Referral:
    try:
        referral = Referral.objects.select_related("motion", "body", "response", "draft_saved_by").get(pk=referral_id)
    except Referral.DoesNotExist:
        raise Http404 from None
    if action == MANAGE:
        if is_registry(user):
            return referral
        if can_answer(user, referral):
            raise PermissionDenied
        raise Http404
    if can_answer(user, referral):
        return referral
    raise Http404


def inbox_for(user):
    """The referrals a user answers: their bodies' (all of them for the registry)."""
    referrals = Referral.objects.select_related("motion", "body")
    if is_registry(user):
        return referrals
    return referrals.filter(body_id__in=secretary_body_ids(user))


def can_use_inbox(user) -> bool:
    return is_registry(user) or bool(secretary_body_ids(user))


def inbox_bodies(user):
    """The bodies whose referrals the user's list can show: theirs (every body
    that has been sent one, for the registry)."""
    if is_registry(user):
        # A lookup per body in the referrals' body index, not a join of every referral.
        return Body.objects.filter(Exists(Referral.objects.filter(body=OuterRef("pk")))).order_by("name")
    return Body.objects.filter(pk__in=secretary_body_ids(user)).order_by("name")
