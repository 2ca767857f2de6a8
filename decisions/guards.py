"""What signed minutes hold stays: a paragraph, an agenda item or a motion
filed in a paragraph of signed minutes cannot be deleted, whichever code
asks (a service, the admin, a case file's --replace, a cascade). The
services refuse first with their own messages; this is the floor under them."""

from django.db.models.signals import pre_delete
from django.utils.translation import gettext as _

from decisions.models import AgendaItem, FiledMotion, MinuteItem
from lib.errors import DomainError
from organisation.models import Meeting


def _refuse_if_signed(meeting_id: int) -> None:
    meeting = Meeting.objects.filter(pk=meeting_id, signed_on__isnull=False).select_related("body").first()
    if meeting is not None:
        raise DomainError(
            _("Protokollet från %(meeting)s justerades %(on)s; det som står i det kan inte tas bort.")
            % {"meeting": meeting, "on": meeting.signed_on.isoformat()}, field="meeting")


def _minute_item(instance: MinuteItem, **kwargs) -> None:
    _refuse_if_signed(instance.meeting_id)


def _agenda_item(instance: AgendaItem, **kwargs) -> None:
    _refuse_if_signed(instance.meeting_id)


def _filed_motion(instance: FiledMotion, **kwargs) -> None:
    _refuse_if_signed(MinuteItem.objects.values_list("meeting_id", flat=True).get(pk=instance.item_id))


def connect() -> None:
    pre_delete.connect(_minute_item, sender=MinuteItem, dispatch_uid="signed_minute_item")
    pre_delete.connect(_agenda_item, sender=AgendaItem, dispatch_uid="signed_agenda_item")
    pre_delete.connect(_filed_motion, sender=FiledMotion, dispatch_uid="signed_filed_motion")
