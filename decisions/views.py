from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from decisions.documents import extract_pdf
from decisions.selectors import minute_items_for_render


def extract(request, item_id: int):
    """The extract (protokollsutdrag) of one minute item as PDF."""
    item = get_object_or_404(minute_items_for_render(), pk=item_id)
    response = HttpResponse(extract_pdf(item), content_type="application/pdf")
    filename = f"protokollsutdrag-{item.body.short_name or item.body_id}-{item.year}-{item.number}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
