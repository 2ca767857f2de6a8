from organisation.models import Body, Municipality


def home_municipality() -> Municipality | None:
    """The municipality this installation serves (the first one recorded)."""
    return Municipality.objects.order_by("id").first()


def body_of_kind(municipality_id: int, kind: str) -> Body | None:
    """The municipality's body of a kind: its council, its board, its working committee."""
    return Body.objects.filter(municipality_id=municipality_id, kind=kind).order_by("id").first()
