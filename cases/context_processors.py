from accounts.models import Role
from accounts.roles import role_of
from motions import access as motion_access
from referrals import access as referral_access


def navigation(request):
    """What the menu offers the user, as the access helpers decide it."""
    user = request.user
    role = role_of(user)
    return {
        "can_register": motion_access.can(user, motion_access.MANAGE),
        "can_use_inbox": referral_access.can_use_inbox(user),
        # The user's own lists: a case officer's cases (anyone named as one has them too),
        # a councillor's motions; cases followed, for everyone signed in.
        "has_own_cases": user.is_authenticated and (
            role == Role.CASE_OFFICER or user.officer_cases.exists()),
        "has_own_motions": role == Role.COUNCILLOR,
    }
