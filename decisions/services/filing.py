"""The council's filing of motions as a paragraph of its minutes: "Motionen
anmäls och överlämnas till kommunstyrelsen för beredning", or one paragraph
telling the council of several motions ("Anmälan av motioner")."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from decisions.models import Decision, FiledMotion, MinuteItem
from decisions.services.meetings import paragraph_number, record_paragraph
from decisions.services.paragraphs import MinuteRecord, create_paragraph
from lib.errors import DomainError
from lib.sentences import Sentence
from lib.swedish import in_swedish
from motions.models import Motion, MotionEvent
from motions.services import lock_motion, record_event
from organisation.models import MeetingEvent
from organisation.services import check_open, lock_meeting, record_meeting_event

# The number of a paragraph in minutes brought over whose source does not give it.
UNKNOWN = "unknown"


@transaction.atomic
def record_filing(motion: Motion, *, number: int | str | None = None, by) -> MinuteItem:
    """The paragraph of the council meeting where the motion was filed
    (Motion.filed_meeting). `number`: the paragraph's number (minutes
    recorded from older ones), the body's next number when None, or UNKNOWN
    for minutes brought over whose source does not give it. A motion filed
    under the number of a filing paragraph already recorded at the meeting
    (or, with UNKNOWN, with the meeting's paragraph of unknown number) joins
    it: one paragraph tells the council of several motions. The case's status
    stays; its timeline names the paragraph.

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
    existing = motion.filing_items.select_related("body").first()
    if existing is not None:
        raise DomainError(_("Motionens anmälan är redan protokollförd som %(item)s.") % {"item": existing},
                          field="motion")
    meeting = lock_meeting(meeting)
    check_open(meeting)
    joint = None
    if number == UNKNOWN:
        joint = meeting.items.filter(number__isnull=True).first()
    elif number is not None:
        joint = meeting.items.filter(number=number).first()
    if joint is not None and joint.decision != Decision.FILE:
        raise DomainError(_("§ %(number)s vid sammanträdet %(meeting)s är inte en anmälan av motioner.")
                          % {"number": number, "meeting": meeting}, field="number")
    if joint is not None:
        position = joint.filed_motions.count() + 1
        FiledMotion.objects.create(item=joint, motion=motion, position=position)
        if joint.motion_id is not None:  # now the paragraph of several motions
            joint.motion = None
            joint.save(update_fields=["motion"])
        record_meeting_event(meeting, kind=MeetingEvent.Kind.PARAGRAPH_RECORDED, by=by,
                             description=Sentence(gettext_noop("§ %(number)s: %(case)s anmäls"), {
                                 "number": paragraph_number(joint.number), "case": motion.case_number}),
                             to_value=Sentence(in_swedish(Decision(joint.decision).label)))
        item = joint
    elif number == UNKNOWN:
        item = MinuteItem.objects.create(meeting=meeting, body=meeting.body, year=meeting.date.year, number=None,
                                         motion=motion, decision=Decision.FILE)
        FiledMotion.objects.create(item=item, motion=motion)
        record_paragraph(item, by=by)
    else:
        # The summary is not the draft decision's (there is none at filing, and
        # a later one is not the filing's).
        item = create_paragraph(motion, meeting, MinuteRecord(number=number, summary=""), decision=Decision.FILE,
                                by=by)
        FiledMotion.objects.create(item=item, motion=motion)
    if item.number is not None:
        description = f"{meeting.body.name} § {item.number}"
    else:
        description = Sentence("%(body)s %(paragraph)s", {"body": meeting.body.name,
                                                            "paragraph": gettext_noop("paragraf utan känt nummer")},
                               labels=("paragraph",))
    record_event(motion, kind=MotionEvent.Kind.HANDLED, on=meeting.date, by=by, description=description)
    return item


@transaction.atomic
def record_filing_paragraph(meeting, motions: list[Motion], *, number: int | None = None, by) -> MinuteItem:
    """One paragraph of the council meeting telling it of `motions`, filed at
    it, in this order: "Motionen anmäls och överlämnas …" for one motion,
    "Anmälan av motioner" for several. `number`: as record_filing's."""
    if not motions:
        raise DomainError(_("Välj minst en motion att anmäla."), field="motions")
    strangers = [motion.case_number for motion in motions if motion.filed_meeting_id != meeting.pk]
    if strangers:
        raise DomainError(_("%(cases)s väcktes inte vid %(meeting)s.") % {"cases": ", ".join(strangers),
                                                                          "meeting": meeting}, field="motions")
    item = record_filing(motions[0], number=number, by=by)
    for motion in motions[1:]:
        record_filing(motion, number=item.number if item.number is not None else UNKNOWN, by=by)
    return item
