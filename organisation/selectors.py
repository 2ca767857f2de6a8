from organisation.models import Body, Municipality


def home_municipality() -> Municipality | None:
    """The municipality this installation serves (the first one recorded)."""
    return Municipality.objects.order_by("id").first()


def body_of_kind(municipality: Municipality, kind: str) -> Body | None:
    return Body.objects.filter(municipality=municipality, kind=kind).order_by("id").first()
