"""Reading an organisation file (docs/organisation.md) into plain values,
every problem named by the path of the value at fault: `bodies[2].kind: …`.

Reading goes on after a problem, so that one run names them all (at most one
per item: a body, a person, a membership); nothing is written until the whole
file is read without one."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from lib.errors import DomainError
from lib.jsonfile import FileValue, max_length
from organisation.case_numbers import DEFAULT_FORMAT
from organisation.models import (
    Body,
    Membership,
    MinuteLayout,
    Municipality,
    Party,
    Person,
    _general_sections,
    default_one_year_notice_days,
    default_report_months,
)
from organisation.orgfile import rules
from organisation.wording import check_wording

# The lists of a term, and the role each holds.
TERM_LISTS = {
    "members": Membership.Role.MEMBER,
    "substitutes": Membership.Role.SUBSTITUTE,
    "secretaries": Membership.Role.SECRETARY,
    "officials": Membership.Role.OFFICIAL,
}
# The keys an entry of each list may have besides "person".
ENTRY_KEYS = {
    "members": {"party", "duty"},
    "substitutes": {"party", "substitute_order"},
    "secretaries": {"title"},
    "officials": {"title"},
}
ROOT_REQUIRED = {"name", "kind", "case_prefix"}
ROOT_OPTIONAL = {"case_number_format", "contact_email", "contact_phone", "administrative_court", "rules_of_procedure",
                 "preparing_committee",
                 "minute_layout", "layout_changes", "layouts", "parties", "people", "bodies", "illustrative"}
LAYOUT_OPTIONAL = {"document_title", "extract_title", "paragraph_format", "decision_form", "sections", "wording",
                   "page_foot"}
MAX_ORDER = 32767


def _default(model, name: str):
    return model._meta.get_field(name).get_default()


# --- Problems ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class OrganisationFileError(Exception):
    """The file is refused: every problem found, each with the path of its value."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


class _Refused(Exception):
    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.problem = Problem(path or _("(fil)"), message)


class _Skip(Exception):
    """The item's problems are recorded; read no further in it."""


def parse(text: str) -> Any:
    """The file's JSON, or the problem with it."""
    try:
        return json.loads(text)
    except RecursionError:
        raise OrganisationFileError([Problem("", _("ogiltig JSON: för djupt nästlad"))]) from None
    except json.JSONDecodeError as error:
        raise OrganisationFileError([Problem("", _("ogiltig JSON på rad %(line)s, kolumn %(col)s: %(msg)s")
                                             % {"line": error.lineno, "col": error.colno, "msg": error.msg})]) from None


# --- Values with their paths --------------------------------------------------------------------

class Node(FileValue):
    """A value in the organisation file together with its path."""

    def error(self, message: str, key: str | int | None = None) -> _Refused:
        return _Refused(self.at(key) if key is not None else self.path, message)

    def rule(self, error: DomainError) -> _Refused:
        """A rule's refusal (organisation.orgfile.rules) at the value it names."""
        path = self.at(error.field) if error.field else self.path
        if error.index is not None:
            path = f"{path}[{error.index}]"
        return _Refused(path, error.message)

    def key_problems(self, required: set[str], optional: set[str]) -> list[Problem]:
        if not isinstance(self.value, dict):
            return [self.error(_("ska vara ett objekt")).problem]
        problems = []
        for key in sorted(required):
            value = self.value.get(key)
            if value is None or value == [] or (isinstance(value, str) and not value.strip()):
                problems.append(self.error(_("saknas men krävs"), key).problem)
        for key in sorted(set(self.value) - required - optional):
            problems.append(self.error(_("okänd nyckel; tillåtna är: %(keys)s")
                                       % {"keys": ", ".join(sorted(required | optional))}, key).problem)
        return problems

    def str(self, key: str, default: str = "", *, max_length: int | None = None) -> str:
        """A text without the spaces around it."""
        return super().str(key, default, max_length=max_length).strip()

    def name(self, key: str, model, field_name: str = "name") -> str | None:
        """A name that refers to something (a party, a person, a layout), or None."""
        return self.str(key, max_length=max_length(model, field_name)) or None


# --- What the file says -------------------------------------------------------------------------

@dataclass
class LayoutData:
    name: str
    document_title: str
    extract_title: str
    paragraph_format: str
    decision_form: str
    sections: list[list[str]]
    wording: dict[str, str]
    page_foot: str


@dataclass
class MembershipData:
    person: str
    role: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    party: str | None = None
    duty: str = ""
    substitute_order: int | None = None
    title: str = ""
    path: str = ""


@dataclass
class BodyData:
    name: str
    short_name: str
    kind: str
    parent: str | None
    genitive: str
    decision_subject: str
    memberships: list[MembershipData] = field(default_factory=list)


@dataclass
class OrganisationData:
    name: str
    kind: str
    case_prefix: str
    case_number_format: str
    contact_email: str
    contact_phone: str
    administrative_court: str
    report_months: list[int]
    one_year_notice_days: list[int]
    preparing_committee: str | None
    minute_layout: str | None
    layout_changes: list[tuple[datetime.date, str]]
    layouts: list[LayoutData]
    parties: dict[str, str]
    people: dict[str, str | None]
    bodies: list[BodyData]


# --- Reading ------------------------------------------------------------------------------------

class _Reader:
    def __init__(self, data: Any):
        self.root = Node(data, "")
        self.problems: list[Problem] = []
        self.body_nodes: dict[str, Node] = {}
        self._names: dict[tuple[str, str], set[str]] = {}

    @contextmanager
    def each(self) -> Iterator[None]:
        """Read one item; a problem in it is recorded and reading goes on with the next."""
        try:
            yield
        except _Refused as refused:
            self.problems.append(refused.problem)
        except _Skip:
            pass

    def keys(self, node: Node, required: set[str], optional: set[str]) -> None:
        problems = node.key_problems(required, optional)
        if problems:
            self.problems += problems
            raise _Skip

    def names(self, key: str, field_name: str = "name") -> set[str]:
        """The names the file gives in a list, good or not: a reference to an item
        with a problem of its own is not a second problem."""
        if (key, field_name) not in self._names:
            items = self.root.value.get(key) if isinstance(self.root.value, dict) else None
            self._names[key, field_name] = {
                item[field_name].strip() for item in items
                if isinstance(item, dict) and isinstance(item.get(field_name), str)
            } if isinstance(items, list) else set()
        return self._names[key, field_name]

    def read(self) -> OrganisationData:
        root = self.root
        if not isinstance(root.value, dict):
            raise OrganisationFileError([root.error(_("ska vara ett objekt")).problem])
        self.problems += root.key_problems(ROOT_REQUIRED, ROOT_OPTIONAL)
        data = OrganisationData(
            name="", kind=Municipality.Kind.MUNICIPALITY, case_prefix="", case_number_format=DEFAULT_FORMAT,
            contact_email="", contact_phone="", administrative_court="",
            report_months=default_report_months(), one_year_notice_days=default_one_year_notice_days(),
            preparing_committee=None, minute_layout=None, layout_changes=[], layouts=[], parties={}, people={},
            bodies=[],
        )
        with self.each():
            data.name = root.str("name", max_length=max_length(Municipality, "name"))
        with self.each():
            data.kind = root.choice("kind", Municipality.Kind, Municipality.Kind.MUNICIPALITY)
        with self.each():
            prefix = root.str("case_prefix", max_length=max_length(Municipality, "case_prefix"))
            if prefix:
                try:
                    data.case_prefix = rules.check_case_prefix(prefix)
                except DomainError as error:
                    raise root.rule(error) from None
        with self.each():
            if root.value.get("case_number_format") is not None:
                form = root.str("case_number_format", max_length=max_length(Municipality, "case_number_format"))
                try:
                    data.case_number_format = rules.check_case_number_format(form)
                except DomainError as error:
                    raise root.rule(error) from None
        with self.each():
            data.contact_email = root.str("contact_email", max_length=max_length(Municipality, "contact_email"))
            if data.contact_email:
                try:
                    validate_email(data.contact_email)
                except ValidationError:
                    raise root.error(_("%(value)s är ingen e-postadress") % {"value": f"”{data.contact_email}”"},
                                     "contact_email") from None
        with self.each():
            data.contact_phone = root.str("contact_phone", max_length=max_length(Municipality, "contact_phone"))
        with self.each():
            data.administrative_court = root.str("administrative_court",
                                                 max_length=max_length(Municipality, "administrative_court"))
        with self.each():
            for note in root.list("illustrative"):
                if not isinstance(note.value, str):
                    raise note.error(_("ska vara en text"))
        self._rules_of_procedure(data)
        data.parties = self._parties()
        data.people = self._people()
        data.layouts = self._layouts()
        self._layout_use(data)
        data.bodies = self._bodies()
        self._bodies_in_place(data)
        return data

    def _list(self, key: str) -> list[Node]:
        try:
            return self.root.list(key)
        except _Refused as refused:
            self.problems.append(refused.problem)
            return []

    def _rules_of_procedure(self, data: OrganisationData) -> None:
        node = self.root.child("rules_of_procedure")
        if node.value is None:
            return
        with self.each():
            self.keys(node, set(), {"report_months", "one_year_notice_days"})
            for key, check in (("report_months", rules.check_report_months),
                               ("one_year_notice_days", rules.check_one_year_notice_days)):
                if node.value.get(key) is not None:
                    with self.each():
                        try:
                            setattr(data, key, check(node.value[key]))
                        except DomainError as error:
                            raise node.rule(error) from None

    def _parties(self) -> dict[str, str]:
        parties: dict[str, str] = {}
        nodes = self._list("parties")
        stored = dict(Party.objects.filter(
            abbreviation__in=self.names("parties", "abbreviation")).values_list("abbreviation", "name"))
        for node in nodes:
            with self.each():
                self.keys(node, {"abbreviation", "name"}, set())
                abbreviation = node.str("abbreviation", max_length=max_length(Party, "abbreviation"))
                name = node.str("name", max_length=max_length(Party, "name"))
                if abbreviation in parties:
                    raise node.error(_("partiet %(party)s står redan i listan") % {"party": abbreviation},
                                     "abbreviation")
                if abbreviation in stored and stored[abbreviation] != name:
                    raise node.error(
                        _("partiet %(party)s finns redan med namnet %(name)s; partier delas av alla organisationer, "
                          "så namnet ändras i administrationen eller så får partiet en annan förkortning")
                        % {"party": abbreviation, "name": f"”{stored[abbreviation]}”"}, "name")
                parties[abbreviation] = name
        return parties

    def _party(self, node: Node, key: str = "party") -> str | None:
        party = node.name(key, Party, "abbreviation")
        if party is not None and party not in self.names("parties", "abbreviation"):
            raise node.error(_("okänt parti %(party)s; partierna står under parties")
                             % {"party": json.dumps(party, ensure_ascii=False)}, key)
        return party

    def _people(self) -> dict[str, str | None]:
        people: dict[str, str | None] = {}
        for node in self._list("people"):
            with self.each():
                self.keys(node, {"name"}, {"party"})
                name = node.str("name", max_length=max_length(Person, "name"))
                if name in people:
                    raise node.error(_("%(name)s står redan i listan") % {"name": name}, "name")
                people[name] = self._party(node)
        return people

    def _layouts(self) -> list[LayoutData]:
        layouts: list[LayoutData] = []
        for node in self._list("layouts"):
            with self.each():
                self.keys(node, {"name"}, LAYOUT_OPTIONAL)
                name = node.str("name", max_length=max_length(MinuteLayout, "name"))
                if any(layout.name == name for layout in layouts):
                    raise node.error(_("mallen %(name)s står redan i listan") % {"name": f"”{name}”"}, "name")
                layout = LayoutData(
                    name=name,
                    document_title=node.str("document_title", _default(MinuteLayout, "document_title"),
                                            max_length=max_length(MinuteLayout, "document_title")),
                    extract_title=node.str("extract_title", _default(MinuteLayout, "extract_title"),
                                           max_length=max_length(MinuteLayout, "extract_title")),
                    paragraph_format=node.str("paragraph_format", _default(MinuteLayout, "paragraph_format"),
                                              max_length=max_length(MinuteLayout, "paragraph_format")),
                    decision_form=node.choice("decision_form", MinuteLayout.DecisionForm,
                                              _default(MinuteLayout, "decision_form")),
                    sections=_general_sections(),
                    wording={},
                    page_foot=node.str("page_foot", _default(MinuteLayout, "page_foot"),
                                       max_length=max_length(MinuteLayout, "page_foot")),
                )
                try:
                    rules.check_paragraph_format(layout.paragraph_format)
                    if node.value.get("sections") is not None:
                        layout.sections = rules.check_sections(node.value["sections"])
                except DomainError as error:
                    raise node.rule(error) from None
                layout.wording = self._wording(node)
                layouts.append(layout)
        return layouts

    def _wording(self, node: Node) -> dict[str, str]:
        wording = node.child("wording")
        if wording.value is None:
            return {}
        if not isinstance(wording.value, dict):
            raise wording.error(_("ska vara ett objekt"))
        texts = {key: wording.str(key) for key in wording.value}
        try:
            check_wording(texts)
        except DomainError as error:
            raise wording.error(error.message) from None
        return texts

    def _layout(self, node: Node, key: str, own: set[str], general: set[str]) -> str | None:
        name = node.name(key, MinuteLayout)
        if name is not None and name not in own | general:
            raise node.error(_("okänd protokollsmall %(name)s; ange en av filens mallar (layouts) eller en allmän "
                               "mall: %(general)s") % {"name": json.dumps(name, ensure_ascii=False),
                                                       "general": ", ".join(sorted(general))}, key)
        return name

    def _layout_use(self, data: OrganisationData) -> None:
        own = self.names("layouts")
        general = set(MinuteLayout.objects.filter(municipality=None).values_list("name", flat=True))
        with self.each():
            data.minute_layout = self._layout(self.root, "minute_layout", own, general)
        for node in self._list("layout_changes"):
            with self.each():
                self.keys(node, {"starts_on", "layout"}, set())
                starts_on = node.date("starts_on")
                if any(day == starts_on for day, _layout in data.layout_changes):
                    raise node.error(_("%(day)s har redan ett byte av mall") % {"day": starts_on}, "starts_on")
                data.layout_changes.append((starts_on, self._layout(node, "layout", own, general)))

    def _bodies(self) -> list[BodyData]:
        bodies: list[BodyData] = []
        for node in self._list("bodies"):
            with self.each():
                self.keys(node, {"name", "kind", "genitive", "decision_subject"}, {"short_name", "parent", "terms"})
                body = BodyData(
                    name=node.str("name", max_length=max_length(Body, "name")),
                    short_name=node.str("short_name", max_length=max_length(Body, "short_name")),
                    kind=node.choice("kind", Body.Kind),
                    parent=node.name("parent", Body),
                    genitive=node.str("genitive", max_length=max_length(Body, "genitive")),
                    decision_subject=node.str("decision_subject", max_length=max_length(Body, "decision_subject")),
                )
                if any(other.name == body.name for other in bodies):
                    raise node.error(_("organet %(name)s står redan i listan") % {"name": body.name}, "name")
                if body.kind in (Body.Kind.COUNCIL, Body.Kind.EXECUTIVE_BOARD):
                    other = next((other for other in bodies if other.kind == body.kind), None)
                    if other is not None:
                        raise node.error(_("organisationen har redan %(kind)s: %(other)s")
                                         % {"kind": str(Body.Kind(body.kind).label).lower(), "other": other.name},
                                         "kind")
                bodies.append(body)
                self.body_nodes[body.name] = node
                for term in node.list("terms"):
                    with self.each():
                        body.memberships += self._term(term)
                self._memberships_agree(body)
        return bodies

    def _term(self, node: Node) -> list[MembershipData]:
        self.keys(node, {"starts_on"}, {"ends_on", *TERM_LISTS})
        starts_on, ends_on = node.date("starts_on"), node.date("ends_on")
        try:
            rules.check_period(starts_on, ends_on)
        except DomainError as error:
            raise node.rule(error) from None
        memberships = []
        people = self.names("people")
        for key, role in TERM_LISTS.items():
            for entry in node.list(key):
                with self.each():
                    if isinstance(entry.value, dict):
                        if "duty" in entry.value and role != Membership.Role.MEMBER:
                            raise entry.error(_("bara en ledamot (members) kan vara ordförande eller vice "
                                                "ordförande"), "duty")
                        if "substitute_order" in entry.value and role != Membership.Role.SUBSTITUTE:
                            raise entry.error(_("bara en ersättare (substitutes) har en ersättarordning"),
                                              "substitute_order")
                    self.keys(entry, {"person"}, ENTRY_KEYS[key])
                    person = entry.str("person", max_length=max_length(Person, "name"))
                    if person not in people:
                        raise entry.error(_("okänd person %(name)s; personerna står under people")
                                          % {"name": json.dumps(person, ensure_ascii=False)}, "person")
                    memberships.append(MembershipData(
                        person=person, role=role, starts_on=starts_on, ends_on=ends_on,
                        party=self._party(entry) if "party" in ENTRY_KEYS[key] else None,
                        duty=entry.choice("duty", Membership.Duty),
                        substitute_order=entry.int("substitute_order", minimum=1, maximum=MAX_ORDER),
                        title=entry.str("title", max_length=max_length(Membership, "title")),
                        path=entry.path,
                    ))
        return memberships

    def _memberships_agree(self, body: BodyData) -> None:
        """No one sits twice in the body at once; one chair (and each vice chair) at a time;
        a party's substitutes are called in one order."""
        def same_time(a: MembershipData, b: MembershipData) -> bool:
            return rules.overlaps(a.starts_on, a.ends_on, b.starts_on, b.ends_on)

        for index, later in enumerate(body.memberships):
            for earlier in body.memberships[:index]:
                if not same_time(earlier, later):
                    continue
                if earlier.person == later.person:
                    self.problems.append(Problem(f"{later.path}.person", _(
                        "%(name)s har redan ett uppdrag i %(body)s under samma tid (%(other)s)")
                        % {"name": later.person, "body": body.name, "other": earlier.path}))
                    break
                if later.duty and earlier.duty == later.duty:
                    self.problems.append(Problem(f"{later.path}.duty", _(
                        "%(body)s har redan en %(duty)s under samma tid: %(name)s")
                        % {"body": body.name, "duty": str(Membership.Duty(later.duty).label).lower(),
                           "name": earlier.person}))
                    break
                if (later.substitute_order is not None and earlier.substitute_order == later.substitute_order
                        and earlier.party == later.party):
                    self.problems.append(Problem(f"{later.path}.substitute_order", _(
                        "%(name)s har redan ersättarordning %(order)s för %(party)s under samma tid")
                        % {"name": earlier.person, "order": later.substitute_order,
                           "party": later.party or _("personer utan parti")}))
                    break

    def _bodies_in_place(self, data: OrganisationData) -> None:
        """Each parent and the preparing committee among the file's bodies, in their places."""
        named = self.names("bodies")
        built = {body.name: Body(name=body.name, kind=body.kind) for body in data.bodies}
        for body in data.bodies:
            if body.parent is not None and body.parent in built:
                built[body.name].parent = built[body.parent]
        placed = set()
        for body in data.bodies:
            node = self.body_nodes[body.name]
            with self.each():
                if body.parent is not None and body.parent not in named:
                    elsewhere = (Body.objects.filter(name=body.parent).exclude(municipality__name=data.name)
                                 .select_related("municipality").first())
                    if elsewhere is not None:
                        raise node.error(_("%(parent)s är ett organ i %(other)s; ett organ kan bara ligga under "
                                           "ett organ i samma organisation")
                                         % {"parent": body.parent, "other": elsewhere.municipality}, "parent")
                    raise node.error(_("okänt organ %(name)s; det överordnade organet ska stå under bodies")
                                     % {"name": json.dumps(body.parent, ensure_ascii=False)}, "parent")
                if body.parent is not None and body.parent not in built:
                    continue  # the parent has a problem of its own
                try:
                    rules.check_parent(built[body.name])
                except DomainError as error:
                    raise node.rule(error) from None
                placed.add(body.name)
        with self.each():
            data.preparing_committee = self.root.name("preparing_committee", Body)
            if data.preparing_committee is None:
                return
            if data.preparing_committee not in named:
                raise self.root.error(_("okänt organ %(name)s; utskottet ska stå under bodies")
                                      % {"name": json.dumps(data.preparing_committee, ensure_ascii=False)},
                                      "preparing_committee")
            if data.preparing_committee in placed:  # (a body out of place has its own problem)
                try:
                    rules.check_preparing_committee(built[data.preparing_committee])
                except DomainError as error:
                    raise self.root.rule(error) from None


def validate(data: Any) -> OrganisationData:
    """What the file says, read and checked against the rules and the register
    (parties are shared, general layouts are the installation's); raises
    OrganisationFileError naming every problem found."""
    reader = _Reader(data)
    result = reader.read()
    if reader.problems:
        raise OrganisationFileError(reader.problems)
    return result

