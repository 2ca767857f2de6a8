"""Paragrafens förlopp: the whole record of one paragraph of a meeting not
yet signed, shown and edited at once and saved in one step (replace_record)."""

import os
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from decisions import access
from decisions.models import Decision, MinuteItem, Vote
from decisions.paragraph_forms import (
    ConflictFormSet,
    NoteFormSet,
    ParagraphForm,
    ProposalFormSet,
    QuestionFormSet,
    ReservationFormSet,
    StatementFormSet,
    VoteFormSet,
    lines,
)
from decisions.selectors.meetings import present_at, recorded_since
from decisions.services.paragraphs import (
    BallotRecord,
    ConflictRecord,
    MinuteRecord,
    NoteRecord,
    ProposalRecord,
    QuestionRecord,
    ReservationRecord,
    StatementRecord,
    VoteRecord,
    record_version,
    replace_record,
)
from lib.errors import DomainError
from lib.forms import ask_for_files_again
from organisation.models import AttendanceChange, Party, Person

ANNEXES = "annexes/"


@dataclass
class Attendees:
    """Who can be picked at the paragraph, in the attendance list's order."""

    taken: bool  # False: no attendance list, anyone of the municipality can be picked
    present: list[Person]
    serving: list[Person]
    labels: dict[int, str]  # "Eva Lund (S)", with the party they sat for
    parties: dict[int, Party | None] = field(default_factory=dict)
    replaces: dict[int, Person] = field(default_factory=dict)  # a substitute: whom they serve for

    def people(self, pool: list[Person]):
        return Person.objects.filter(pk__in=[p.pk for p in pool]).order_by("name")


def _label(person: Person, party: Party | None) -> str:
    return f"{person.name} ({party.abbreviation})" if party else person.name


def attendees(meeting, number: int) -> Attendees:
    rows = list(meeting.attendance.select_related("person__party", "party", "replaces"))
    if not rows:
        people = list(Person.objects.filter(municipality=meeting.body.municipality).select_related("party"))
        return Attendees(False, people, people, {p.pk: _label(p, p.party) for p in people})
    present_ids, serving_ids = present_at(meeting, number)
    listed = {row.person_id for row in rows}
    # Someone serving from a change in attendance, not on the list itself.
    others = sorted(Person.objects.filter(pk__in=(present_ids | serving_ids) - listed).select_related("party"),
                    key=lambda p: p.name)
    order = [row.person for row in rows] + others
    parties = {row.person_id: row.party for row in rows}
    replaces = {row.person_id: row.replaces for row in rows if row.replaces_id}
    for change in meeting.attendance_changes.filter(replaced_by__isnull=False).select_related("person"):
        if (change.kind == AttendanceChange.Kind.LEAVES and change.from_number <= number
                or change.kind == AttendanceChange.Kind.ARRIVES and change.from_number > number):
            replaces[change.replaced_by_id] = change.person
    return Attendees(
        True, [p for p in order if p.pk in present_ids], [p for p in order if p.pk in serving_ids],
        {p.pk: _label(p, parties.get(p.pk, p.party)) for p in order}, parties, replaces,
    )


# The page's lists: their formset, the name of a row, and the service's name for them.
SECTIONS = {
    "conflicts": (ConflictFormSet, gettext_lazy("Jäv %(n)s")),
    "proposals": (ProposalFormSet, gettext_lazy("Yrkande %(n)s")),
    "questions": (QuestionFormSet, gettext_lazy("Proposition %(n)s")),
    "votes": (VoteFormSet, gettext_lazy("Omröstning %(n)s")),
    "reservations": (ReservationFormSet, gettext_lazy("Reservation %(n)s")),
    "statements": (StatementFormSet, gettext_lazy("Särskilt yttrande %(n)s")),
    "notes": (NoteFormSet, gettext_lazy("Protokollsanteckning %(n)s")),
}


def _row_label(name: str, n: int) -> str:
    return str(SECTIONS[name][1]) % {"n": n}


def _proposal_choice(n: int, label: str, text: str) -> str:
    name = _("Yrkande %(n)s") % {"n": n}
    if not label:
        return name
    return Truncator(f"{name}: {label} – {' '.join(text.split())}").chars(90)


def _initial(item: MinuteItem) -> dict:
    """The forms' starting values: the paragraph's record as it is stored."""
    proposals = list(item.proposals.prefetch_related("seconders"))
    index = {p.pk: i for i, p in enumerate(proposals)}

    def annex(row) -> dict:
        return {"current_document": row.document.name, "keep_document": bool(row.document.name)}

    return {
        "form": {"version": record_version(item), "opened_at": timezone.now(),
                 "speakers": [s.person_id for s in item.speakers.all()],
                 "decision_clauses": "\n".join(item.decision_clauses),
                 "distribution": "\n".join(item.distribution)},
        "conflicts": [{"person": c.person_id, "text": c.text} for c in item.conflictofinterests.all()],
        "proposals": [{"person": p.person_id, "kind": p.kind, "rank": p.rank, "text": p.text,
                       "seconders": [s.person_id for s in p.seconders.all()]} for p in proposals],
        "questions": [{"text": q.text, "finding": q.finding} for q in item.questions.all()],
        "votes": [{"kind": v.kind, "question": v.question, "yes_for": v.yes_for, "no_for": v.no_for,
                   "casting_vote": v.casting_vote, "result": v.result,
                   **({"yes": v.yes, "no": v.no, "abstained": v.abstained, "won": v.won}
                      if v.kind == Vote.Kind.CLOSED else {}),
                   **{f"ballot_{b.person_id}": b.choice for b in v.ballots.all()}}
                  for v in item.votes.prefetch_related("ballots")],
        "reservations": [{"person": r.person_id, "group": r.group, "text": r.text, "written": r.written,
                          "in_favour_of": str(index[r.in_favour_of_id]) if r.in_favour_of_id in index else "",
                          **annex(r)} for r in item.reservations.all()],
        "statements": [{"person": s.person_id, "text": s.text, **annex(s)} for s in item.separatestatements.all()],
        "notes": [{"text": n.text, "person": n.person_id} for n in item.notes.all()],
    }


def _not_at_paragraph(item: MinuteItem, people: Attendees, voters: set[int]) -> list[str]:
    """Those the stored record names who are no longer present or serving at
    the paragraph (the attendance changed since): the pickers do not offer them."""
    if not people.taken:
        return []
    present = {p.pk for p in people.present}
    named = {
        **{s.person_id: s.person for rows in (item.speakers, item.separatestatements, item.conflictofinterests)
           for s in rows.select_related("person") if s.person_id not in present},
        **{n.person_id: n.person for n in item.notes.select_related("person") if n.person_id
           and n.person_id not in present},
        **{r.person_id: r.person for rows in (item.proposals, item.reservations)
           for r in rows.select_related("person") if r.person_id not in voters},
    }
    for proposal in item.proposals.prefetch_related("seconders__person"):
        named.update({s.person_id: s.person for s in proposal.seconders.all() if s.person_id not in voters})
    for vote in item.votes.prefetch_related("ballots__person"):
        named.update({b.person_id: b.person for b in vote.ballots.all() if b.person_id not in voters})
    return sorted(person.name for person in named.values())


@login_required
@require_http_methods(["GET", "POST"])
def paragraph_record(request, meeting_id: int, item_id: int):
    """Everything the minutes say of one paragraph, on one page."""
    meeting = access.meeting_for(request.user, meeting_id, access.RECORD)
    item = get_object_or_404(MinuteItem.objects.select_related("motion", "meeting"), pk=item_id, meeting=meeting)
    context = {"meeting": meeting, "item": item,
               "heading": item.heading or (f"{item.motion.case_number} {item.motion.title}" if item.motion else "")}
    if meeting.is_signed:
        context["refused"] = _("Protokollet är justerat och kan inte ändras.")
        return render(request, "decisions/paragraph_record.html", context)
    if item.number is None or item.decision == Decision.FILE:
        context["refused"] = _("En anmälan av motioner har inget förlopp att protokollföra.")
        return render(request, "decisions/paragraph_record.html", context)

    people = attendees(meeting, item.number)
    # Someone who declared a conflict of interest takes no part: not offered to propose, vote or reserve.
    conflicted = set(item.conflictofinterests.values_list("person_id", flat=True))
    acting = [p for p in people.serving if p.pk not in conflicted]
    # A roll-call lists those serving; without an attendance list there is none.
    voters = acting if people.taken else []
    present_qs, acting_qs = people.people(people.present), people.people(acting)
    documents = {name for rows in (item.reservations, item.separatestatements)
                 for name in rows.exclude(document="").values_list("document", flat=True)}
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    initial = _initial(item) if data is None else {}
    labels = people.labels
    ballot_labels = {p.pk: f"{labels[p.pk]}, {_('ersätter %(name)s') % {'name': people.replaces[p.pk].name}}"
                     if p.pk in people.replaces else labels[p.pk] for p in voters}

    form = ParagraphForm(data, initial=initial.get("form"), present=present_qs, labels=labels)
    kwargs = {
        "conflicts": {"present": present_qs, "labels": labels},
        "proposals": {"serving": acting_qs, "labels": labels},
        "questions": {},
        "votes": {"voters": voters, "labels": ballot_labels},
        "statements": {"present": present_qs, "labels": labels, "documents": documents},
        "notes": {"present": present_qs, "labels": labels},
    }
    formsets = {}
    for name, (formset_class, _row) in SECTIONS.items():
        if name == "reservations":
            continue  # its proposals to choose from follow the proposals as sent
        formsets[name] = formset_class(data, files, prefix=name, initial=initial.get(name),
                                       form_kwargs=kwargs[name])
    # A reservation may be in favour of any proposal row, also one filled in now.
    proposals = formsets["proposals"]
    if data is not None:
        proposals.is_valid()
    choices = []
    for i, row in enumerate(proposals.forms):
        values = (getattr(row, "cleaned_data", None) or {}) if data is not None else row.initial
        person = values.get("person")
        person_id = person.pk if isinstance(person, Person) else person
        choices.append((str(i), _proposal_choice(i + 1, labels.get(person_id, ""), values.get("text") or "")))
    formsets["reservations"] = ReservationFormSet(
        data, files, prefix="reservations", initial=initial.get("reservations"),
        form_kwargs={"serving": acting_qs, "labels": labels, "proposals": choices, "documents": documents})
    formsets = {name: formsets[name] for name in SECTIONS}
    section_errors: dict[str, list[str]] = {}

    # Every list is checked, so that all that needs correcting shows at once.
    if data is not None and all([form.is_valid(), *(fs.is_valid() for fs in formsets.values())]):
        record, rows = _record(form, formsets, people, voters)
        if record is not None:
            stored: list[str] = []
            try:
                record = _store_annexes(record, stored)
                replace_record(item, record, by=request.user, version=form.cleaned_data["version"] or None)
            except DomainError as error:
                for name in stored:
                    default_storage.delete(name)
                for one in error.errors:
                    _place_error(one, item, form, formsets, rows, section_errors)
            except Exception:
                for name in stored:
                    default_storage.delete(name)
                raise
            else:
                messages.success(request, _("Förloppet för § %(n)s är sparat.") % {"n": item.number})
                return redirect(reverse("decisions:paragraph_record", args=[meeting.pk, item.pk]))

    if data is not None:  # not saved: a chosen annex is not sent back with the page
        for name in ("reservations", "statements"):
            for row in formsets[name].forms:
                ask_for_files_again(row)
    if data is None:
        saved = list(item.votes.all())
        for row, vote in zip(formsets["votes"].forms, saved, strict=False):
            row.saved = vote
    context.update({
        "form": form, "formsets": formsets, **formsets, "people": people, "voters": voters,
        "conflicted": sorted(labels[pk] for pk in conflicted if pk in labels),
        "section_errors": section_errors,
        "errors": _error_summary(form, formsets, section_errors),
        "not_at_paragraph": _not_at_paragraph(item, people, {p.pk for p in acting}) if data is None else [],
    })
    return render(request, "decisions/paragraph_record.html", context)


def _record(form, formsets, people: Attendees, voters: list[Person]):
    """The record the forms describe, and for each list the page row of each
    of its entries; (None, rows) when a reservation points at an empty proposal."""
    rows = {name: [index for index, _row in formset.filled()] for name, formset in formsets.items()}
    order = {p.pk: i for i, p in enumerate(people.present)}
    serving_order = {p.pk: i for i, p in enumerate(voters)}

    def ordered(chosen, positions):
        return sorted(chosen, key=lambda p: (positions.get(p.pk, len(positions)), p.name))

    proposal_place = {index: place for place, index in enumerate(rows["proposals"], start=1)}
    proposals = [
        ProposalRecord(person=d["person"], text=d["text"], kind=d["kind"], rank=d["rank"],
                       seconders=tuple(ordered(d["seconders"], serving_order)))
        for d in (row.cleaned_data for _i, row in formsets["proposals"].filled())
    ]
    reservations = []
    groups = [row.cleaned_data["group"] for _i, row in formsets["reservations"].filled()]
    next_group = max([g for g in groups if g] or [0]) + 1
    failed = False
    for _i, row in formsets["reservations"].filled():
        d = row.cleaned_data
        favoured = None
        if d["in_favour_of"] != "":
            favoured = proposal_place.get(int(d["in_favour_of"]))
            if favoured is None:
                row.add_error("in_favour_of", _("Yrkandet är tomt eller borttaget; välj ett annat."))
                failed = True
        group = d["group"]
        if group is None:  # a reservation of its own
            group, next_group = next_group, next_group + 1
        annex = row.annex()
        reservations.append(ReservationRecord(
            person=d["person"], text=d["text"], group=group, in_favour_of=favoured,
            written=d["written"] or bool(annex), document=annex))
    votes = []
    for _i, row in formsets["votes"].filled():
        d = row.cleaned_data
        closed = d["kind"] == Vote.Kind.CLOSED
        votes.append(VoteRecord(
            question=d["question"], kind=d["kind"], yes_for=d["yes_for"], no_for=d["no_for"],
            yes=d["yes"] if closed else None, no=d["no"] if closed else None,
            abstained=d["abstained"] if closed else None, result=d["result"],
            ballots=tuple(BallotRecord(person, choice, replaces=people.replaces.get(person.pk))
                          for person, choice in row.ballots()),
            casting_vote=d["casting_vote"], won=d["won"] if closed else ""))
    record = MinuteRecord(
        speakers=ordered(form.cleaned_data["speakers"], order),
        proposals=proposals,
        questions=[QuestionRecord(d["text"], d["finding"])
                   for d in (row.cleaned_data for _i, row in formsets["questions"].filled())],
        votes=votes,
        reservations=reservations,
        statements=[StatementRecord(row.cleaned_data["person"], row.cleaned_data["text"], row.annex())
                    for _i, row in formsets["statements"].filled()],
        notes=[NoteRecord(row.cleaned_data["text"], row.cleaned_data["person"])
               for _i, row in formsets["notes"].filled()],
        conflicts=[ConflictRecord(row.cleaned_data["person"], row.cleaned_data["text"])
                   for _i, row in formsets["conflicts"].filled()],
        decision_clauses=lines(form.cleaned_data["decision_clauses"]),
        distribution=lines(form.cleaned_data["distribution"]),
        parties=dict(people.parties),
    )
    return (None if failed else record), rows


def _store_annexes(record: MinuteRecord, stored: list[str]) -> MinuteRecord:
    """Store the uploaded annexes under annexes/ and put their names in the record."""
    def store(document) -> str:
        if isinstance(document, str):
            return document
        name = default_storage.save(ANNEXES + get_valid_filename(os.path.basename(document.name)), document)
        stored.append(name)
        return name

    record.reservations = [
        ReservationRecord(r.person, r.text, r.group, r.in_favour_of, r.written, store(r.document))
        for r in record.reservations
    ]
    record.statements = [StatementRecord(s.person, s.text, store(s.document)) for s in record.statements]
    return record


def _place_error(error: DomainError, item, form, formsets, rows, section_errors) -> None:
    """Show a refusal next to what it concerns: a list's row, a list, or the page."""
    if error.field == "version":
        # Sending the page again is then a deliberate choice to replace the newer record.
        form.data = form.data.copy()
        form.data["version"] = record_version(item)
        form.data["opened_at"] = timezone.now().isoformat()
        since = recorded_since(item.meeting, form.cleaned_data.get("opened_at"))
        form.add_error(None, " ".join([error.message, *since, _(
            "Ladda om sidan för att se ändringarna, eller spara igen för att ersätta dem med det du skrivit.")]))
    elif error.field in formsets and error.index is not None and error.index < len(rows[error.field]):
        formsets[error.field].forms[rows[error.field][error.index]].add_error(None, error.message)
    elif error.field in formsets:
        section_errors.setdefault(error.field, []).append(error.message)
    else:
        form.add_domain_error(error)


def _error_summary(form, formsets, section_errors) -> list[tuple[str, str]]:
    """Every error on the page, each with the place it points at."""
    found = [("", str(error)) for error in form.non_field_errors()]
    found += [(f"#{f.id_for_label}", f"{f.label}: {' '.join(f.errors)}") for f in form.visible_fields() if f.errors]
    for name, formset in formsets.items():
        found += [(f"#section-{name}", str(error)) for error in formset.non_form_errors()]
        found += [(f"#section-{name}", error) for error in section_errors.get(name, [])]
        for index, row in enumerate(formset.forms):
            if not row.is_bound or not row.errors or (getattr(row, "cleaned_data", None) or {}).get("DELETE"):
                continue
            where = _row_label(name, index + 1)
            anchor = f"#{formset.prefix}-{index}"
            found += [(anchor, f"{where}: {error}") for error in row.non_field_errors()]
            found += [(f"#{f.id_for_label}" if f.id_for_label else anchor, f"{where}, {f.label}: {' '.join(f.errors)}")
                      for f in row.visible_fields() if f.errors]
            if any(f.errors for f in row.hidden_fields()):
                found.append((anchor, f"{where}: " + _("Formuläret är inaktuellt; ladda om sidan och försök igen.")))
    return found
