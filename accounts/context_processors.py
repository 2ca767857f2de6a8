from accounts.roles import is_registry, role_of, secretary_body_ids


def role(request):
    """The user's role, for the navigation; permissions are decided by the
    access helpers, never by templates."""
    user = request.user
    return {
        "user_role": role_of(user),
        "is_registry": is_registry(user),
        "is_board_secretary": bool(secretary_body_ids(user)),
    }
