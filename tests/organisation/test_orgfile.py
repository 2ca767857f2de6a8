"""The organisation as data: organisation files loaded and exported, through the
functions and the management commands (docs/organisation.md)."""

import copy
import datetime
import json
import re
from pathlib import Path

import pytest

from cases.management.commands import load_demo
from organisation.models import (
    GENERAL_LAYOUT_NAME,
    Body,
    LayoutChange,
    Membership,
    MinuteLayout,
    Municipality,
    Party,
    Person,
    minute_layout_on,
)
from organisation.orgfile.exporter import dumps, export_organisation
from organisation.orgfile.loader import load_organisation
from organisation.orgfile.validation import OrganisationFileError
from organisation.selectors import roster_on
from tests.test_commands import manage

DATA = Path(__file__).resolve().parents[2] / "cases" / "data"
HUDDINGE = DATA / "huddinge-organisation.json"
REGION = DATA / "region-vasternorrland-organisation.json"


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def snapshot() -> dict[str, list]:
    """Every row an organisation file could write."""
    models = [Municipality, MinuteLayout, LayoutChange, Body, Party, Person, Membership]
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in models}


def write(tmp_path: Path, data, name="organisation.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else dumps(data), encoding="utf-8")
    return path


# --- The demo's files -----------------------------------------------------------------------------

@pytest.mark.parametrize("path", [HUDDINGE, REGION], ids=["huddinge", "region"])
def test_the_demo_files_are_in_the_canonical_form_and_come_back_byte_for_byte(db, path):
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert dumps(data) == text  # written as the exporter writes
    municipality = load_organisation(data).municipality
    data.pop("illustrative")  # a note for readers, not stored
    assert dumps(export_organisation(municipality)) == dumps(data)


def test_the_demo_municipality_loads_with_its_layouts_rules_path_and_rosters(huddinge, body, person):
    assert (huddinge.kind, huddinge.case_prefix, huddinge.report_months) == ("municipality", "KS", [4, 10])
    assert huddinge.preparing_committee == body("Kommunstyrelsens arbetsutskott")
    assert minute_layout_on(huddinge, datetime.date(2023, 12, 31)).name == "Huddinge 2021–2023"
    assert minute_layout_on(huddinge, datetime.date(2024, 1, 1)).name == "Huddinge 2024–"
    roster = roster_on(body("Kommunstyrelsens arbetsutskott"), datetime.date(2022, 1, 25))
    assert roster[0].person == person("Anna Berglund") and roster[0].duty == "chair"
    assert [(m.person.name, m.title) for m in roster if m.role in Membership.OFFICIALS] == [
        ("Helena Strand", "sekreterare"), ("Olof Wikström", "kommundirektör")]
    # The working committee's meeting in the demo: who served there sits in the committee.
    meeting = read(DATA / "huddinge-meetings.json")["meetings"][0]
    seated = {m.person.name for m in roster}
    assert {row["name"] for row in meeting["attendance"]} <= seated


def test_the_demo_region_loads_with_the_general_layout_and_the_board_preparing(db):
    region = load_organisation(read(REGION)).municipality
    assert (region.kind, region.case_prefix, region.report_months) == ("region", "RS", [5, 11])
    assert region.preparing_committee is None
    assert minute_layout_on(region, datetime.date(2023, 5, 1)).name == GENERAL_LAYOUT_NAME
    committee = region.bodies.get(short_name="RSAU")
    assert committee.parent.kind == Body.Kind.EXECUTIVE_BOARD
    assert Person.objects.filter(municipality=region).count() >= 10
    assert len(roster_on(region.bodies.get(short_name="RS"), datetime.date(2024, 3, 1))) >= 5


def test_both_demo_organisations_load_side_by_side_sharing_their_parties(db):
    load_organisation(read(HUDDINGE))
    load_organisation(read(REGION))
    assert Municipality.objects.count() == 2
    assert Party.objects.filter(abbreviation="S").count() == 1
    assert {p.municipality.name for p in Person.objects.filter(party__abbreviation="S")} == {
        "Huddinge kommun", "Region Västernorrland"}


def test_load_demo_loads_the_region_beside_huddinge(db, monkeypatch):
    monkeypatch.setattr(load_demo, "CASES", [])
    monkeypatch.setattr(load_demo, "sign_demo_meetings", list)
    status, out, err = manage("load_demo", "--without-invented")
    assert (status, err) == (0, "")
    assert set(Municipality.objects.values_list("name", flat=True)) == {"Huddinge kommun", "Region Västernorrland"}


# --- A round trip through the commands -------------------------------------------------------------

RICH = {
    "name": "Mälarviks kommun",
    "kind": "municipality",
    "case_prefix": "KS",
    "case_number_format": "{prefix} {year}.{number:04}",
    "contact_email": "registrator@malarvik.example",
    "contact_phone": "08-123 45 67",
    "administrative_court": "Förvaltningsrätten i Uppsala",
    "rules_of_procedure": {"report_months": [3, 9], "one_year_notice_days": [60, 14, 0]},
    "preparing_committee": "Kommunstyrelsens allmänna utskott",
    "minute_layout": "Mälarvik",
    "layout_changes": [{"starts_on": "2025-01-01", "layout": GENERAL_LAYOUT_NAME},
                       {"starts_on": "2026-01-01", "layout": "Mälarvik med att-satser"}],
    "layouts": [
        {"name": "Mälarvik", "document_title": "SAMMANTRÄDESPROTOKOLL", "extract_title": "Utdrag ur protokoll",
         "paragraph_format": "{short_name} § {number}", "decision_form": "numbered",
         "sections": [["history", ""], ["summary", "Ärendebeskrivning"], ["decision", "{genitive} beslut"],
                      ["deliberation_and_proposals", "Överläggning och yrkanden"]],
         "wording": {"title_dash": "-", "vote_requested": "Omröstning begärs."},
         "page_foot": ""},
        {"name": "Mälarvik med att-satser", "document_title": "Protokoll", "extract_title": "Protokollsutdrag",
         "paragraph_format": "§ {number}/{yy}", "decision_form": "att", "sections": [["decision", "Beslut"]],
         "wording": {}, "page_foot": "Justerandes signatur"},
    ],
    "parties": [{"abbreviation": "M", "name": "Moderaterna"}, {"abbreviation": "S", "name": "Socialdemokraterna"}],
    "people": [{"name": "Dan Fors"}, {"name": "Eva Lund", "party": "S"}, {"name": "Per Holm", "party": "M"},
               {"name": "Åsa Öst", "party": "S"}, {"name": "Örjan Ek", "party": "M"}],
    "bodies": [
        {"name": "Kommunfullmäktige", "short_name": "KF", "kind": "council", "genitive": "Kommunfullmäktiges",
         "decision_subject": "Kommunfullmäktige", "terms": [
             {"starts_on": "2022-10-15", "ends_on": "2026-10-14",
              "members": [{"person": "Eva Lund", "party": "S", "duty": "chair"},
                          {"person": "Per Holm", "party": "M", "duty": "first_vice_chair"},
                          {"person": "Åsa Öst", "party": "S"}, {"person": "Örjan Ek"}],
              "secretaries": [{"person": "Dan Fors", "title": "kommunsekreterare"}]},
             {"starts_on": "2026-10-15",
              "members": [{"person": "Per Holm", "party": "M", "duty": "chair"}, {"person": "Eva Lund", "party": "S"}],
              "substitutes": [{"person": "Örjan Ek", "party": "M", "substitute_order": 1},
                              {"person": "Åsa Öst", "party": "S"}]},
         ]},
        {"name": "Kommunstyrelsen", "short_name": "KS", "kind": "executive_board", "genitive": "Kommunstyrelsens",
         "decision_subject": "Kommunstyrelsen", "terms": [
             {"starts_on": "2022-10-15", "ends_on": "2026-10-14",
              "members": [{"person": "Eva Lund", "party": "S", "duty": "chair"}],
              "substitutes": [{"person": "Åsa Öst", "party": "S", "substitute_order": 1},
                              {"person": "Örjan Ek", "party": "S", "substitute_order": 2}],
              "officials": [{"person": "Dan Fors", "title": "kommundirektör"}]},
         ]},
        {"name": "Kommunstyrelsens allmänna utskott", "short_name": "KSAU", "kind": "working_committee",
         "parent": "Kommunstyrelsen", "genitive": "Kommunstyrelsens allmänna utskotts",
         "decision_subject": "Allmänna utskottet"},
        {"name": "Socialnämnden", "kind": "service_board", "genitive": "Socialnämndens",
         "decision_subject": "Socialnämnden"},
        {"name": "Fullmäktiges demokratiberedning", "short_name": "DB", "kind": "preparatory_committee",
         "parent": "Kommunfullmäktige", "genitive": "Fullmäktiges demokratiberednings",
         "decision_subject": "Beredningen"},
    ],
}


def test_load_then_export_gives_back_a_canonical_file_byte_for_byte(db, tmp_path):
    path = write(tmp_path, RICH)
    status, out, err = manage("load_organisation", str(path))
    assert (status, err) == (0, "")
    assert out == "Inläst: Mälarviks kommun (5 organ, 5 personer, 13 uppdrag)\n"
    exported = tmp_path / "exported.json"
    assert manage("export_organisation", "Mälarviks kommun", "-o", str(exported)) == (0, "", "")
    assert exported.read_bytes() == path.read_bytes()
    # To standard output, with or without "-o -".
    assert manage("export_organisation", "Mälarviks kommun")[1] == path.read_text(encoding="utf-8")
    assert manage("export_organisation", "Mälarviks kommun", "-o", "-")[1] == path.read_text(encoding="utf-8")


def test_a_file_in_another_form_loads_the_same_and_exports_in_the_canonical_form(db):
    data = copy.deepcopy(RICH)
    data["people"].reverse()
    data["bodies"].reverse()
    data["rules_of_procedure"] = {"report_months": [9, 3]}  # one_year_notice_days: the default
    data["layouts"][1] = {"name": "Mälarvik med att-satser", "paragraph_format": "§ {number}/{yy}",
                          "decision_form": "att", "sections": [["decision", "Beslut"]]}
    exported = export_organisation(load_organisation(data).municipality)
    assert dumps(exported) == dumps({**RICH, "rules_of_procedure": {"report_months": [3, 9],
                                                                    "one_year_notice_days": [90, 30, 7, 0]}})


def test_loading_the_same_file_twice_changes_nothing(db):
    load_organisation(copy.deepcopy(RICH))
    before = snapshot()
    exported = export_organisation(Municipality.objects.get())
    result = load_organisation(copy.deepcopy(RICH))
    assert not result.created and result.kept == []
    assert snapshot() == before  # the same rows, none deleted and made again
    assert export_organisation(Municipality.objects.get()) == exported


# --- Loading an organisation that exists --------------------------------------------------------

def test_an_existing_organisation_is_brought_to_match_the_file(huddinge, body, person, seed_case):
    data = read(HUDDINGE)
    data["bodies"] = [b for b in data["bodies"] if b["name"] != "Socialnämnden"]  # referred to by the seed case
    data["people"] = [p for p in data["people"] if p["name"] != "Mikael Öberg"]
    for ksau_term in data["bodies"][2]["terms"]:
        ksau_term.pop("officials")
    for term in data["bodies"][0]["terms"]:
        term["substitutes"] = [s for s in term["substitutes"] if s["person"] != "Mikael Öberg"]
    for term in data["bodies"][1]["terms"]:
        term["substitutes"] = [s for s in term["substitutes"] if s["person"] != "Mikael Öberg"]
    data["people"][0]["party"] = "S"  # Anna Berglund changes party
    data["layout_changes"] = []
    data["preparing_committee"] = None
    data["rules_of_procedure"]["report_months"] = [5, 11]
    data["bodies"][3]["genitive"] = "Grundskolenämndens (ny)"
    social = body("Socialnämnden")
    social_membership = Membership.objects.create(body=social, person=person("Karin Dahl"), role="member",
                                                  starts_on=datetime.date(2022, 10, 15))

    result = load_organisation(data)

    huddinge.refresh_from_db()
    assert not result.created
    assert result.kept == ["organ Socialnämnden", "person Mikael Öberg"]
    assert (huddinge.preparing_committee, huddinge.report_months) == (None, [5, 11])
    assert not huddinge.layout_changes.exists()
    assert body("Grundskolenämnden").genitive == "Grundskolenämndens (ny)"
    assert person("Anna Berglund").party.abbreviation == "S"
    # Kept, with its memberships: a body and a person the file leaves out are not deleted.
    assert Membership.objects.filter(pk=social_membership.pk).exists()
    assert not person("Mikael Öberg").memberships.exists()  # its memberships were in the file's bodies
    # Replaced: the memberships of the file's bodies.
    assert not body("Kommunstyrelsens arbetsutskott").memberships.filter(role="official").exists()
    assert seed_case.referrals.filter(body=social).exists()


def test_the_command_names_what_the_file_leaves_out(huddinge, tmp_path):
    data = read(HUDDINGE)
    data["bodies"] = [b for b in data["bodies"] if b["name"] != "Socialnämnden"]
    status, out, err = manage("load_organisation", str(write(tmp_path, data)))
    assert (status, err) == (0, "")
    assert out.splitlines() == ["Uppdaterad: Huddinge kommun (7 organ, 15 personer, 74 uppdrag)",
                                "Finns kvar men saknas i filen: organ Socialnämnden"]


# --- Bad input ------------------------------------------------------------------------------------

def _broken(change) -> dict:
    data = read(HUDDINGE)
    change(data)
    return data


def _kf_term(d):
    return d["bodies"][0]["terms"][0]


KF = r"bodies\[0\]\.terms\[0\]"

BAD_INPUT = [
    pytest.param(lambda d: d.update(colour="röd"), r"^colour: okänd nyckel; tillåtna är: administrative_court, bodies, "
                 r"case_number_format, case_prefix",
                 id="unknown-key"),
    pytest.param(lambda d: d["bodies"][2].update(colour="röd"), r"^bodies\[2\]\.colour: okänd nyckel",
                 id="unknown-body-key"),
    pytest.param(lambda d: d.pop("kind"), r"^kind: saknas men krävs", id="missing-kind"),
    pytest.param(lambda d: d.update(name="  "), r"^name: saknas men krävs", id="blank-name"),
    pytest.param(lambda d: d["bodies"][1].pop("genitive"), r"^bodies\[1\]\.genitive: saknas men krävs",
                 id="missing-genitive"),
    pytest.param(lambda d: d.update(kind="county"), r'^kind: "county" är inte ett av: municipality, region',
                 id="unknown-organisation-kind"),
    pytest.param(lambda d: d["bodies"][2].update(kind="committee"),
                 r'^bodies\[2\]\.kind: "committee" är inte ett av: council, executive_board', id="unknown-kind"),
    pytest.param(lambda d: d.update(people={"name": "Anna"}), r"^people: ska vara en lista", id="not-a-list"),
    pytest.param(lambda d: d["bodies"][2].pop("parent"),
                 r"^bodies\[2\]\.parent: Ett utskott ska ha ett överordnat organ", id="committee-without-parent"),
    pytest.param(lambda d: d["bodies"][2].update(parent="Styrelsen"),
                 r'^bodies\[2\]\.parent: okänt organ "Styrelsen"', id="unknown-parent"),
    pytest.param(lambda d: d["bodies"][1].update(parent="Kommunstyrelsens arbetsutskott"),
                 r"^bodies\[1\]\.parent: Kommunstyrelsen kan inte ligga under sig själv", id="parent-loop"),
    pytest.param(lambda d: d["bodies"][3].update(kind="council"),
                 r"^bodies\[3\]\.kind: organisationen har redan fullmäktige: Kommunfullmäktige", id="two-councils"),
    pytest.param(lambda d: d["bodies"].append(copy.deepcopy(d["bodies"][5])),
                 r"^bodies\[8\]\.name: organet Kultur- och fritidsnämnden står redan i listan", id="body-twice"),
    pytest.param(lambda d: _kf_term(d)["members"][0].update(person="Per Nyströmm"),
                 KF + r'\.members\[0\]\.person: okänd person "Per Nyströmm"', id="unknown-person"),
    pytest.param(lambda d: _kf_term(d)["members"].__setitem__(0, "Per Nyström"),
                 KF + r"\.members\[0\]: ska vara ett objekt", id="entry-not-an-object"),
    pytest.param(lambda d: _kf_term(d).update(starts_on="2018-10-32"),
                 KF + r'\.starts_on: "2018-10-32" är inget giltigt datum \(ÅÅÅÅ-MM-DD\)', id="bad-date"),
    pytest.param(lambda d: _kf_term(d).update(starts_on="20181015"),
                 KF + r'\.starts_on: "20181015" är inget giltigt datum', id="compact-date"),
    pytest.param(lambda d: _kf_term(d).update(ends_on="2017-12-31"),
                 KF + r"\.ends_on: Uppdraget kan inte sluta \(2017-12-31\) innan det börjar \(2018-10-15\)",
                 id="ends-before-start"),
    pytest.param(lambda d: _kf_term(d).update(ends_on="3000-01-01"), KF + r"\.ends_on: 3000-01-01 ligger utanför",
                 id="far-future"),
    pytest.param(lambda d: _kf_term(d)["members"][3].update(substitute_order=1),
                 KF + r"\.members\[3\]\.substitute_order: bara en ersättare \(substitutes\) har en ersättarordning",
                 id="order-for-a-member"),
    pytest.param(lambda d: _kf_term(d)["substitutes"][0].update(duty="chair"),
                 KF + r"\.substitutes\[0\]\.duty: bara en ledamot \(members\) kan vara ordförande",
                 id="duty-for-a-substitute"),
    pytest.param(lambda d: _kf_term(d)["secretaries"][0].update(party="S"),
                 KF + r"\.secretaries\[0\]\.party: okänd nyckel; tillåtna är: person, title", id="party-for-staff"),
    pytest.param(lambda d: _kf_term(d)["substitutes"][0].update(substitute_order=0),
                 KF + r"\.substitutes\[0\]\.substitute_order: ska vara ett heltal från 1 till 32767", id="order-0"),
    pytest.param(lambda d: _kf_term(d)["members"][0].update(duty="president"),
                 KF + r'\.members\[0\]\.duty: "president" är inte ett av: chair, first_vice_chair', id="unknown-duty"),
    pytest.param(lambda d: _kf_term(d)["members"][3].update(duty="chair"),
                 KF + r"\.members\[3\]\.duty: Kommunfullmäktige har redan en ordförande under samma tid: Per Nyström",
                 id="two-chairs"),
    pytest.param(lambda d: _kf_term(d)["substitutes"].append({"person": "Per Nyström", "party": "KD"}),
                 KF + r"\.substitutes\[4\]\.person: Per Nyström har redan ett uppdrag i Kommunfullmäktige under "
                 r"samma tid \(bodies\[0\]\.terms\[0\]\.members\[0\]\)", id="seated-twice"),
    pytest.param(lambda d: _kf_term(d)["substitutes"].append(
        {"person": "Olof Wikström", "party": "M", "substitute_order": 1}),
                 KF + r"\.substitutes\[4\]\.substitute_order: Gustav Blom har redan ersättarordning 1 för M",
                 id="same-order"),
    pytest.param(lambda d: d["people"][0].update(party="XYZ"),
                 r'^people\[0\]\.party: okänt parti "XYZ"; partierna står under parties', id="unknown-party"),
    pytest.param(lambda d: _kf_term(d)["members"][0].update(party="XYZ"),
                 KF + r'\.members\[0\]\.party: okänt parti "XYZ"', id="unknown-seat-party"),
    pytest.param(lambda d: d["parties"].append({"abbreviation": "S", "name": "Socialdemokraterna"}),
                 r"^parties\[8\]\.abbreviation: partiet S står redan i listan", id="party-twice"),
    pytest.param(lambda d: d["people"].append({"name": "Anna Berglund"}),
                 r"^people\[15\]\.name: Anna Berglund står redan i listan", id="person-twice"),
    pytest.param(lambda d: d.update(preparing_committee="Kommunstyrelsen"),
                 r"^preparing_committee: Kommunstyrelsen är inget utskott under styrelsen", id="board-prepares"),
    pytest.param(lambda d: d.update(preparing_committee="Trygghets- och delaktighetsberedningen"),
                 r"^preparing_committee: Trygghets- och delaktighetsberedningen är inget utskott", id="beredning"),
    pytest.param(lambda d: d.update(preparing_committee="Arbetsutskottet"),
                 r'^preparing_committee: okänt organ "Arbetsutskottet"', id="unknown-committee"),
    pytest.param(lambda d: d["bodies"][2].update(parent="Kommunfullmäktige"),
                 r"^preparing_committee: Kommunstyrelsens arbetsutskott är inget utskott under styrelsen",
                 id="committee-under-the-council"),
    pytest.param(lambda d: d["rules_of_procedure"].update(report_months=[4, 13]),
                 r"^rules_of_procedure\.report_months\[1\]: En månad ska vara ett heltal från 1 till 12, inte 13",
                 id="month-13"),
    pytest.param(lambda d: d["rules_of_procedure"].update(report_months=[4, 4]),
                 r"^rules_of_procedure\.report_months\[1\]: 4 står två gånger", id="month-twice"),
    pytest.param(lambda d: d["rules_of_procedure"].update(report_months="april"),
                 r"^rules_of_procedure\.report_months: Ange en lista av tal", id="months-not-a-list"),
    pytest.param(lambda d: d["rules_of_procedure"].update(one_year_notice_days=[30, -1]),
                 r"^rules_of_procedure\.one_year_notice_days\[1\]: Antal dagar ska vara ett heltal från 0 till 365",
                 id="negative-days"),
    pytest.param(lambda d: d["rules_of_procedure"].update(deadline=30),
                 r"^rules_of_procedure\.deadline: okänd nyckel", id="unknown-rule"),
    pytest.param(lambda d: d["layouts"][0]["sections"].__setitem__(1, ["background", "Bakgrund"]),
                 r'^layouts\[0\]\.sections\[1\]: Okänd del ”background”; tillåtna är history, summary',
                 id="unknown-section"),
    pytest.param(lambda d: d["layouts"][0]["sections"].append(["summary", "Sammanfattning igen"]),
                 r"^layouts\[0\]\.sections\[7\]: Delen summary står två gånger", id="section-twice"),
    pytest.param(lambda d: d["layouts"][0]["sections"].append(["proposals", "Yrkanden"]),
                 r"^layouts\[0\]\.sections\[7\]: deliberation_and_proposals innehåller redan deliberation och "
                 r"proposals", id="sections-overlap"),
    pytest.param(lambda d: d["layouts"][0]["sections"].__setitem__(0, ["decision", "{body} beslut"]),
                 r"^layouts\[0\]\.sections\[0\]: Okänd platshållare \{body\}; tillåtna är \{genitive\}",
                 id="heading-placeholder"),
    pytest.param(lambda d: d["layouts"][0]["sections"].__setitem__(0, "decision"),
                 r"^layouts\[0\]\.sections\[0\]: Varje del skrivs \[nyckel, rubrik\]", id="section-not-a-pair"),
    pytest.param(lambda d: d["layouts"][0].update(paragraph_format="§ {nummer}"),
                 r"^layouts\[0\]\.paragraph_format: Okänd platshållare \{nummer\}; tillåtna är \{number\}, "
                 r"\{short_name\}, \{year\}, \{yy\}", id="paragraph-placeholder"),
    pytest.param(lambda d: d["layouts"][0].update(paragraph_format="§ {number:03}"),
                 r"^layouts\[0\]\.paragraph_format: Okänd platshållare \{number\}", id="paragraph-format-spec"),
    pytest.param(lambda d: d["layouts"][0].update(paragraph_format="§ {number"),
                 r"^layouts\[0\]\.paragraph_format: Klammerparenteserna går inte ihop", id="paragraph-braces"),
    pytest.param(lambda d: d["layouts"][0].update(paragraph_format="§ {yy}"),
                 r"^layouts\[0\]\.paragraph_format: Paragrafnumret ska innehålla \{number\}", id="paragraph-no-number"),
    pytest.param(lambda d: d["layouts"][0].update(decision_form="bullets"),
                 r'^layouts\[0\]\.decision_form: "bullets" är inte ett av: sentences, numbered, att',
                 id="decision-form"),
    pytest.param(lambda d: d["layouts"][0].update(wording={"title_dash": 3}),
                 r"^layouts\[0\]\.wording\.title_dash: ska vara en text", id="wording-not-text"),
    pytest.param(lambda d: d["layouts"][0].update(wording={"acclamation": "Beslutet fattas med acklamation."}),
                 r"^layouts\[0\]\.wording: Okänd formulering ”acclamation”", id="wording-unknown-key"),
    pytest.param(lambda d: d["layouts"][0].update(wording={"deliberation": "Talare: {talare}."}),
                 r"^layouts\[0\]\.wording: Formuleringen ”deliberation”: okänd platshållare \{talare\}",
                 id="wording-unknown-placeholder"),
    pytest.param(lambda d: d["layouts"][0].update(logo="logo.png"), r"^layouts\[0\]\.logo: okänd nyckel",
                 id="logo-not-in-the-file"),
    pytest.param(lambda d: d.update(minute_layout="Huddinge 2019"),
                 r'^minute_layout: okänd protokollsmall "Huddinge 2019"; ange en av filens mallar \(layouts\) eller '
                 r"en allmän mall: Allmän mall", id="unknown-layout"),
    pytest.param(lambda d: d["layout_changes"][0].update(layout="Huddinge 2030"),
                 r'^layout_changes\[0\]\.layout: okänd protokollsmall "Huddinge 2030"', id="unknown-change-layout"),
    pytest.param(lambda d: d["layout_changes"].append({"starts_on": "2024-01-01", "layout": "Huddinge 2021–2023"}),
                 r"^layout_changes\[1\]\.starts_on: 2024-01-01 har redan ett byte av mall", id="change-twice"),
    pytest.param(lambda d: d.update(case_prefix="ks"),
                 r"^case_prefix: Diarieprefixet ”ks” ska vara 1–10 versaler", id="case-prefix"),
    pytest.param(lambda d: d.update(case_number_format="{prefix}-{year}/{nummer}"),
                 r"^case_number_format: Okänd platshållare \{nummer\}", id="case-number-format"),
    pytest.param(lambda d: d.update(case_number_format="{prefix}/{year}/{number}"),
                 r"^case_number_format: Diarienumret får innehålla högst ett snedstreck", id="case-number-slashes"),
    pytest.param(lambda d: d.update(case_number_format=345),
                 r"^case_number_format: ska vara en text", id="case-number-format-not-text"),
    pytest.param(lambda d: d.update(contact_email="registrator(at)huddinge"),
                 r"^contact_email: ”registrator\(at\)huddinge” är ingen e-postadress", id="email"),
    pytest.param(lambda d: d.update(name="x" * 101), r"^name: är för lång: högst 100 tecken", id="long-name"),
    pytest.param(lambda d: d["bodies"][3].update(decision_subject="Grund\u0000skolenämnden"),
                 r"^bodies\[3\]\.decision_subject: innehåller ett nolltecken", id="nul"),
]


@pytest.mark.parametrize(("change", "message"), BAD_INPUT)
def test_bad_input_is_refused_with_its_path_and_nothing_is_written(db, change, message):
    before = snapshot()
    with pytest.raises(OrganisationFileError) as refused:
        load_organisation(_broken(change))
    assert [str(problem) for problem in refused.value.problems if re.search(message, str(problem))], (
        [str(problem) for problem in refused.value.problems])
    assert snapshot() == before


def test_every_problem_is_named_at_once_one_per_item(db):
    def change(d):
        d["bodies"][2].update(kind="committee")
        d["people"][3].update(party="XYZ")
        _kf_term(d)["members"][0].update(person="Ingen Alls")
        _kf_term(d)["members"][1].update(person="Ingen Heller", duty="president")  # one problem for the entry

    with pytest.raises(OrganisationFileError) as refused:
        load_organisation(_broken(change))
    assert [problem.path for problem in refused.value.problems] == [
        "people[3].party", "bodies[0].terms[0].members[0].person", "bodies[0].terms[0].members[1].person",
        "bodies[2].kind"]


def test_a_reference_to_an_item_with_a_problem_is_not_a_second_problem(db):
    def change(d):
        d["bodies"][1]["kind"] = "board"  # Kommunstyrelsen: the committee's parent, whose committee prepares
        d["parties"][0]["name"] = ""  # C: Maria Lind's party
        d["people"][10]["party"] = 7  # Nujin Alacabek: in the rosters

    with pytest.raises(OrganisationFileError) as refused:
        load_organisation(_broken(change))
    assert [problem.path for problem in refused.value.problems] == [
        "parties[0].name", "people[10].party", "bodies[1].kind"]


def test_illustrative_notes_are_texts(db):
    with pytest.raises(OrganisationFileError, match=r"^illustrative\[4\]: ska vara en text$"):
        load_organisation(_broken(lambda d: d["illustrative"].append(3)))


def test_a_party_that_exists_with_another_name_is_refused(db):
    Party.objects.create(abbreviation="S", name="Arbetarepartiet")
    with pytest.raises(OrganisationFileError, match=r"parties\[5\]\.name: partiet S finns redan med namnet "
                                                    r"”Arbetarepartiet”; partier delas av alla organisationer"):
        load_organisation(read(HUDDINGE))
    assert Party.objects.get(abbreviation="S").name == "Arbetarepartiet"
    assert not Municipality.objects.exists()


def test_a_parent_in_another_organisation_is_refused(db):
    load_organisation(read(REGION))
    data = read(HUDDINGE)
    data["bodies"][2]["parent"] = "Regionstyrelsen"
    before = snapshot()
    with pytest.raises(OrganisationFileError, match=r"bodies\[2\]\.parent: Regionstyrelsen är ett organ i Region "
                                                    r"Västernorrland; ett organ kan bara ligga under ett organ i "
                                                    r"samma organisation"):
        load_organisation(data)
    assert snapshot() == before


def test_a_file_that_is_no_object_is_refused_as_a_whole(db):
    with pytest.raises(OrganisationFileError, match=r"^\(fil\): ska vara ett objekt$"):
        load_organisation([])


# --- The commands' answers ----------------------------------------------------------------------

def test_load_organisation_prints_one_line_per_problem_and_exits_1_writing_nothing(huddinge, tmp_path):
    def change(d):
        d["bodies"][2].pop("parent")
        d["rules_of_procedure"]["report_months"] = [0]

    path = write(tmp_path, _broken(change))
    before = snapshot()
    status, out, err = manage("load_organisation", str(path))
    assert (status, out) == (1, "")
    assert "Traceback" not in err
    assert err.splitlines() == [
        f"{path}: rules_of_procedure.report_months[0]: En månad ska vara ett heltal från 1 till 12, inte 0.",
        f"{path}: bodies[2].parent: Ett utskott ska ha ett överordnat organ (styrelsen).",
        f"CommandError: {path}: 2 fel; inget lästes in.",
    ]
    assert snapshot() == before


def test_load_organisation_refuses_a_file_it_cannot_read_or_parse(db, tmp_path):
    missing = tmp_path / "saknas.json"
    status, _out, err = manage("load_organisation", str(missing))
    assert status == 1 and err.startswith(f"CommandError: {missing}: kan inte läsas") and err.count("\n") == 1
    broken = write(tmp_path, '{"name": ', "broken.json")
    status, _out, err = manage("load_organisation", str(broken))
    assert status == 1
    assert err.splitlines() == [f"{broken}: ogiltig JSON på rad 1, kolumn 10: Expecting value",
                                f"CommandError: {broken}: 1 fel; inget lästes in."]


def test_export_organisation_refuses_an_unknown_name_and_a_file_it_cannot_write(huddinge, tmp_path):
    status, out, err = manage("export_organisation", "Huddinge")
    assert (status, out) == (1, "")
    assert err == "CommandError: Ingen organisation heter Huddinge (organisationer: Huddinge kommun).\n"
    target = tmp_path / "ingen mapp" / "huddinge.json"
    status, _out, err = manage("export_organisation", "Huddinge kommun", "-o", str(target))
    assert status == 1 and err.startswith(f"CommandError: {target}: kan inte skrivas") and err.count("\n") == 1


@pytest.mark.parametrize("command", ["load_organisation", "export_organisation"])
def test_a_malformed_command_line_is_a_usage_error_not_a_traceback(command):
    status, _out, err = manage(command, "--no-such-option")
    assert status == 2 and "Traceback" not in err
    assert err.splitlines()[-1].startswith(f"manage.py {command}: error: ")


def test_the_case_number_format_is_optional_and_left_out_of_the_export_when_it_is_the_default(db):
    data = copy.deepcopy(RICH)
    data.pop("case_number_format")
    municipality = load_organisation(data).municipality
    assert municipality.case_number_format == "{prefix}-{year}/{number}"
    assert "case_number_format" not in export_organisation(municipality)
    assert Municipality.objects.get().case_number_format == "{prefix}-{year}/{number}"
