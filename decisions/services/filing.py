"""The council's filing of a motion as a paragraph of its minutes: "Motionen
anmäls och överlämnas till kommunstyrelsen för beredning"."""

from django.db import transaction
from django.utils.translation import gettext as _

from decisions.models import Decision, MinuteItem
from decisions.services.paragraphs import MinuteRecord, create_paragraph
from lib.errors import DomainError
from motions.models import Motion, MotionEvent
from motions.services import lock_motion, record_event
from organisation.services import check_open


@transaction.atomic
def record_filing(motion: Motion, *, number: int | None = None, by) -> MinuteItem:
    """The paragraph of the council meeting where the motion was filed
    (Motion.filed_meeting), numbered as any paragraph: `number` when given
    (minutes recorded from older ones), else the body's next number. The
    case's status stays; its timeline names the paragraph.

    Precondition: the motion has its filing meeting, whose minutes are not
    signed, and no filing paragraph yet. Its timeline takes no step dated
    before the current status was set, so the paragraph is recorded before
    a later step moves the case on (the case-file import records it right
    after the filing).
    """
    motion = lock_motion(motion)
    meeting = motion.filed_meeting
    if meeting is None:
        raise DomainError(_("Motionen har inget sammanträde i fullmäktige där den väcktes."), field="filed_meeting")
    existing = MinuteItem.objects.filter(motion=motion, decision=Decision.FILE).select_related("body").first()
    if existing is not None:
        raise DomainError(_("Motionens anmälan är redan protokollförd som %(item)s.") % {"item": existing},
                          field="motion")
    check_open(meeting)
    # The summary is not the draft decision's (there is none at filing, and a
    # later one is not the filing's).
    item = create_paragraph(motion, meeting, MinuteRecord(number=number, summary=""), decision=Decision.FILE, by=by)
    record_event(motion, kind=MotionEvent.Kind.HANDLED, on=meeting.date, by=by,
                 description=f"{meeting.body.name} § {item.number}")
    return item
