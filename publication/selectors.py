"""What the public may see of publishable documents."""

from django.contrib.contenttypes.models import ContentType

from publication.models import PublicationDecision, PublicationState, Publishable


def published(queryset):
    """Only the published documents of `queryset` (a Publishable model's)."""
    return queryset.filter(publication_state=PublicationState.PUBLISHED)


def decisions_for(document: Publishable):
    """The document's publication history, oldest first."""
    return PublicationDecision.objects.filter(
        content_type=ContentType.objects.get_for_model(document), object_id=document.pk,
    ).select_related("decided_by")
