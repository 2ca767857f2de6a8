from motions import access as motion_access
from referrals import access as referral_access


def navigation(request):
    """What the menu offers the user, as the access helpers decide it."""
    user = request.user
    return {
        "can_register": motion_access.can(user, motion_access.MANAGE),
        "can_use_inbox": referral_access.can_use_inbox(user),
    }
