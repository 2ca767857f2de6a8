"""The case's records metadata in E-ARK CITS ERMS 2.1 (schemas/ERMS.xsd): the case as a case
file (aggregation), its documents, paragraphs, protocols and referral answers as records, each
record naming its files in the package (appendix).

The texts are Swedish, the register's own language, whatever the reader's."""

import datetime
import xml.etree.ElementTree as ET

from archive.elements import XSI, day, element, moment, sub, to_bytes
from archive.files import PackageFile
from archive.selectors import Case
from decisions.models import PREPARATORY, RenderedDocument, Reservation
from documents.models import CaseDocument
from motions import rules
from organisation.models import Attendance

NS = "https://DILCIS.eu/XML/ERMS"
SCHEMA = "schemas/ERMS.xsd"


def q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def erms_xml(case: Case, files: dict, *, objid: str, software: str, version: str) -> bytes:
    """The ERMS document of `case`; `files` is the package file of each document (archive.files.case_files)."""
    motion = case.motion
    root = element(q("erms"), {f"{{{XSI}}}schemaLocation": f"{NS} ../../{SCHEMA}"})
    control = sub(root, q("control"))
    sub(control, q("identification"), {"identificationType": "OBJID"}, objid)
    maintenance = sub(control, q("maintenanceInformation"))
    sub(maintenance, q("maintenanceStatus"), {"value": "new"})
    agency = sub(maintenance, q("maintenanceAgency"))
    sub(agency, q("agencyName"), text=motion.municipality.name)
    event = sub(sub(maintenance, q("maintenanceHistory")), q("maintenanceEvent"))
    sub(event, q("eventType"), {"value": "created"})
    sub(event, q("eventDateTime"), text=moment(case.changed_at))
    _agent(event, "creator", f"{software} {version}")

    aggregation = sub(sub(root, q("aggregations")), q("aggregation"),
                      {"systemIdentifier": motion.case_number, "aggregationType": "caseFile"})
    sub(aggregation, q("objectId"), text=motion.case_number)
    sub(aggregation, q("identification"), {"identificationType": "diarienummer"}, motion.case_number)
    sub(aggregation, q("title"), text=motion.title)
    sub(aggregation, q("status"), {"value": "closed"})
    agents = sub(aggregation, q("agents"))
    _agent(agents, "creator", motion.municipality.name)
    for mover in case.movers:
        _agent(agents, "mover", mover.person.name, role=mover.party.name if mover.party else "")
    if motion.case_officer is not None:
        _agent(agents, "responsible_person", motion.case_officer.get_full_name() or motion.case_officer.username)
    if motion.summary:
        sub(aggregation, q("description"), text=motion.summary)
    dates = sub(aggregation, q("dates"))
    _date(dates, "received", motion.received_on)
    _date(dates, "opened", motion.filed_on)
    if case.decided_on:
        _date(dates, "closed", case.decided_on)
    for step in case.events:
        action = sub(aggregation, q("action"))
        text = step.get_kind_display() + (f": {step.description}" if step.description else "")
        sub(action, q("actionText"), text=text)
        if step.reason:
            sub(action, q("actionMotivation"), text=step.reason)
        sub(action, q("actionType"), text=step.kind)
        sub(sub(action, q("dates")), q("actionDate"), {"dateType": "other"}, day(step.occurred_on))
    notes = [("status", rules.status_label(motion.status, motion.municipality)),
             *(("motionstext", text) for text in [motion.text] if text),
             *(("att-sats", f"{clause.number}. {clause.text}") for clause in case.clauses),
             *(("tjänsteskrivelse", f"{draft.drafted_on.isoformat()}: {draft.get_proposal_display()}. {draft.summary}"
                .strip()) for draft in case.drafts)]
    _notes(aggregation, notes)

    replaces = {document.replaced_by_id: document for document in case.documents if document.replaced_by_id}
    for document in case.documents:
        _document(aggregation, document, files[document], replaces)
    for referral in case.referrals:
        _referral(aggregation, referral, motion.case_number)
    extracts = {document.item_id: document for document in case.rendered
                if document.kind == RenderedDocument.Kind.EXTRACT}
    for item in case.items:
        annexes = [(files[annex], _annex_title(annex)) for annex in case.annexes if annex.item_id == item.pk]
        _paragraph(aggregation, item, extracts.get(item.pk), annexes, files, motion.case_number)
    kept = {(document.meeting_id, document.kind): document for document in case.rendered if document.item_id is None}
    for meeting in case.meetings:
        _protocol(aggregation, meeting, kept.get((meeting.pk, RenderedDocument.Kind.PROTOCOL)),
                  kept.get((meeting.pk, RenderedDocument.Kind.NOTICE)), files, motion.case_number)
    return to_bytes(root, {"": NS, "xsi": XSI})


def _agent(parent, kind: str, name: str, *, role: str = "") -> ET.Element:
    agent = sub(parent, q("agent"), {"agentType": kind})
    sub(agent, q("name"), text=name)
    if role:
        sub(agent, q("role"), text=role)
    return agent


def _date(parent, kind: str, value) -> None:
    sub(parent, q("date"), {"dateType": kind}, day(value))


def _notes(parent, notes: list[tuple[str, str]]) -> None:
    if notes:
        container = sub(parent, q("notes"))
        for kind, text in notes:
            sub(container, q("note"), {"noteType": kind}, text)


def _appendices(parent, files: list[tuple[PackageFile, str]]) -> None:
    """The record's files: each one's path in the package and its format; for a document that came in,
    also the format it came in (the same: an original is kept as received, never converted here)."""
    container = sub(parent, q("additionalInformation"))
    for file, description in files:
        sub(container, q("appendix"), {
            "name": file.path.rsplit("/", 1)[-1], "description": description,
            "fileFormat": f"{file.format_name} {file.format_version}".strip(),
            "originalFileFormat": file.format_name if file.original_name else "",
            # From the metadata's folder, metadata/descriptive/.
            "path": f"../../{file.path}",
        })


def _record(parent, identifier: str, kind: str) -> ET.Element:
    record = sub(parent, q("record"), {"systemIdentifier": identifier, "recordType": kind,
                                        "recordPhysicalOrDigital": "digitial"})  # (sic: the schema's spelling)
    sub(record, q("objectId"), text=identifier)
    return record


def _document(parent, document: CaseDocument, file: PackageFile, replaces: dict) -> None:
    """A document registered in the case (aktbilaga), its file as received."""
    identifier = f"{document.motion.case_number}:{document.number}"
    record = _record(parent, identifier, document.get_kind_display())
    sub(record, q("identification"), {"identificationType": "aktbilaga"}, str(document.number))
    sub(record, q("title"), text=document.title)
    sub(record, q("runningNumber"), text=str(document.number))
    if document.replaced_by_id:
        sub(record, q("relation"), {"relationType": "is_replaced_with"},
            f"{document.motion.case_number}:{document.replaced_by.number}")
    replaced = replaces.get(document.pk)
    if replaced is not None:
        sub(record, q("relation"), {"relationType": "replaces"}, f"{document.motion.case_number}:{replaced.number}")
    if document.confidential:
        restriction = sub(record, q("restriction"), {"restrictionType": "confidential"})
        sub(restriction, q("regulation"), text=document.secrecy_provision)
    if document.sender:
        _agent(sub(record, q("agents")), "sender", document.sender)
    dates = sub(record, q("dates"))
    _date(dates, "created", document.dated_on)
    _date(dates, "received", document.received_on)
    notes = [("sha256", document.sha256)]
    if file.is_pdf_a:
        notes.append(("pdfa", f"Handlingen kom in som PDF/A-{file.format_version} (enligt filens egna uppgifter)."))
    else:
        notes.append(("pdfa", "Ingen PDF/A-version finns: handlingen bevaras i det format den kom in i."))
    _notes(record, notes)
    _appendices(record, [(file, document.title)])


def _referral(parent, referral, case_number: str) -> None:
    """A referral (remiss) and, when it came, the body's answer; the answer's documents are
    records of their own (aktbilagor)."""
    record = _record(parent, f"{case_number}:remiss:{referral.body.name}:{referral.sent_on.isoformat()}",
                     "Remiss")
    sub(record, q("title"), text=f"Remiss till {referral.body.name}")
    sub(record, q("status"), {"value": "closed"})
    _agent(sub(record, q("agents")), "recipient", referral.body.name)
    response = getattr(referral, "response", None)
    description = referral.get_status_display()
    if response is not None and response.text:
        description = response.text
    sub(record, q("description"), text=description)
    dates = sub(record, q("dates"))
    _date(dates, "sent", referral.sent_on)
    if response is not None:
        _date(dates, "received", response.decided_on)
    notes = [("svar senast", (referral.extended_due_on or referral.due_on).isoformat())]
    if referral.withdrawn_on:
        notes.append(("återkallad", referral.withdrawn_on.isoformat()))
    if response is not None:
        notes += [(kind, value) for kind, value in (("paragraf", response.paragraph),
                                                    ("organets diarienummer", response.body_case_number)) if value]
    _notes(record, notes)


def _annex_title(annex) -> str:
    kind = "Skriftlig reservation" if isinstance(annex, Reservation) else "Särskilt yttrande"
    return f"{kind}, {annex.person.name}"


def _paragraph(parent, item, extract, annexes: list, files: dict, case_number: str) -> None:
    """A paragraph (§) of the minutes that handled the case, with its extract as signed and the
    written reservations and statements handed in as its annexes."""
    meeting = item.meeting
    number = f"§ {item.number}" if item.number is not None else "§"
    record = _record(parent, f"{case_number}:{meeting.body.name}:{meeting.date.isoformat()}:{number}",
                     "Protokollsutdrag")
    sub(record, q("title"), text=f"{meeting.body.name} {meeting.date.isoformat()} {number}"
        + (f" {item.heading}" if item.heading else ""))
    if item.number is not None:
        sub(record, q("runningNumber"), text=str(item.number))
    _agent(sub(record, q("agents")), "creator", meeting.body.name)
    decision = item.get_decision_display() + (f": {item.get_proposal_display().lower()}" if item.proposal else "")
    sub(record, q("description"), text=decision)
    dates = sub(record, q("dates"))
    _date(dates, "decision", meeting.date)
    notes = [("beslut", item.decision)]
    if item.reason:
        notes.append(("motivering", item.reason))
    if meeting.is_signed:
        notes.append(("justerat", meeting.signed_on.isoformat()))
        if item.decision not in PREPARATORY and meeting.appeal_until:
            # No appeal was lodged (archive.selectors.refusal): in force the day after the last day to appeal.
            notes.append(("laga kraft", (meeting.appeal_until + datetime.timedelta(days=1)).isoformat()))
    if extract is None:
        notes.append(("protokollsutdrag", "Inget protokollsutdrag sparades vid justeringen."))
    _notes(record, notes)
    shown = [(files[extract], f"Protokollsutdrag {meeting.body.name} {meeting.date.isoformat()} {number}")
             ] if extract is not None else []
    if shown or annexes:
        _appendices(record, [*shown, *annexes])


def _protocol(parent, meeting, protocol, notice, files: dict, case_number: str) -> None:
    """A meeting's signed protocol as stored at signing, its signatories, how it was signed, and the
    notice of its signing. Signed electronically, the file carries the signatures; signed on paper,
    the file is the register's copy and the signed original is where the minutes are kept. Minutes
    signed outside the register (brought over) have no stored protocol here: the record says so."""
    record = _record(parent, f"{case_number}:protokoll:{meeting.body.name}:{meeting.date.isoformat()}",
                     "Protokoll")
    sub(record, q("title"), text=f"Protokoll {meeting.body.name} {meeting.date.isoformat()}")
    agents = sub(record, q("agents"))
    _agent(agents, "creator", meeting.body.name)
    for attendance in meeting.attendance.all():
        if attendance.duty == Attendance.Duty.CHAIR:
            _agent(agents, "main_signatory", attendance.person.name, role="Ordförande")
    for attendance in meeting.attendance.all():
        if attendance.signs and attendance.duty != Attendance.Duty.CHAIR:
            _agent(agents, "other_signatory", attendance.person.name, role="Justerare")
    dates = sub(record, q("dates"))
    _date(dates, "decision", meeting.date)
    _date(dates, "main_signature", meeting.signed_on)
    notes = [(kind, value.isoformat()) for kind, value in (("anslaget", meeting.posted_on),
                                                            ("sista dag att överklaga", meeting.appeal_until))
             if value]
    if meeting.kept_at:
        notes.append(("förvaringsplats", meeting.kept_at))
    signed_round = meeting.signed_rounds[0] if meeting.signed_rounds else None
    if signed_round is not None:
        signatures = "; ".join(f"{s.person.name} ({s.capacity.lower()}) {moment(s.answered_at)}"
                               for s in signed_round.signatures.all())
        notes.append(("justering",
                      f"Justerat elektroniskt; signaturerna (PAdES) finns i protokollfilen: {signatures}."))
    elif protocol is not None:
        notes.append(("justering", "Justerat på papper; filen är registrets exemplar av protokollet och det "
                                   "justerade originalet finns på förvaringsplatsen."))
    if protocol is None:
        source = f" ({meeting.imported_from})" if meeting.imported_from else ""
        notes.append(("protokoll", f"Protokollet justerades utanför registret{source} och finns inte i paketet."))
    _notes(record, notes)
    shown = [(files[document], description) for document, description
             in ((protocol, "Protokoll"), (notice, "Bevis om justering")) if document is not None]
    if shown:
        _appendices(record, shown)
