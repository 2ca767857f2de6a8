"""Every recorded part of a paragraph, printed as Swedish sentences in the
organisation's layout: proposals, propositions, votes, reservations,
statements, notes, conflicts, attendance, distribution, the decision's form,
the paragraph number and the layout's own wording."""

import datetime

import pytest

from decisions.models import (
    Ballot,
    ConflictOfInterest,
    MinuteItem,
    Proposal,
    ProtocolNote,
    Question,
    Reservation,
    Seconder,
    SeparateStatement,
    Speaker,
    Vote,
)
from decisions.selectors.minutes import item_context, minute_items_for_render
from lib.swedish import genitive, ordinal
from organisation.models import GENERAL_SECTIONS, AttendanceChange, Meeting, MinuteLayout, Party, Person
from referrals.models import Referral
from tests.conftest import d

ALL_PARTS = [["history", "Ärendets gång"], *[list(section) for section in GENERAL_SECTIONS]]


def layout(**fields) -> MinuteLayout:
    """A layout in memory: the general one, with `fields` changed."""
    return MinuteLayout(**{"name": "Test", "sections": ALL_PARTS, **fields})


def parts(item: MinuteItem, in_layout: MinuteLayout | None = None) -> dict[str, list[str]]:
    """The paragraph's text by heading."""
    context = item_context(minute_items_for_render().get(pk=item.pk), in_layout or layout())
    return {section.heading: section.lines for section in context["sections"]}


@pytest.fixture
def council(seed_case) -> MinuteItem:
    """The council's § 40 of the seed case (kommunfullmäktige, 2022-03-07)."""
    return seed_case.minute_items.get(body__short_name="KF")


@pytest.fixture
def board(seed_case) -> MinuteItem:
    return seed_case.minute_items.get(body__short_name="KS")


@pytest.fixture
def people(huddinge):
    """Councillors by first name, with their parties."""
    parties = {p.abbreviation: p for p in Party.objects.all()}
    made = {}
    for name, party in (("Eva Lund", "S"), ("Ali Demir", "S"), ("Sara Berg", "V"), ("Jonas Ek", "SD"),
                        ("Lina Ström", "C"), ("Per Holm", "M"), ("Maja Lind", "M"), ("Hans Alvarez", "L")):
        made[name.split()[0]] = Person.objects.create(municipality=huddinge, name=name, party=parties[party])
    return made


def proposal(item, who, text, position, **extra) -> Proposal:
    return Proposal.objects.create(item=item, person=who, party=who.party, text=text, position=position, **extra)


def second(made: Proposal, *who) -> None:
    for position, person in enumerate(who, start=1):
        Seconder.objects.create(proposal=made, person=person, party=person.party, position=position)


def reserve(item, who, position, **extra) -> Reservation:
    return Reservation.objects.create(item=item, person=who, party=who.party, position=position, **extra)


# --- proposals and propositions ---------------------------------------------------

def test_proposals_with_seconders_ranks_and_a_procedural_proposal(council, people):
    eva = proposal(council, people["Eva"], "att motionen ska bifallas", 1)
    second(eva, people["Ali"], people["Sara"])
    proposal(council, people["Per"], "bifall till kommunstyrelsens förslag.", 2)
    proposal(council, people["Jonas"], "att den ska anses besvarad", 4, rank=2)
    proposal(council, people["Jonas"], "avslag på motionen", 3, rank=1)
    proposal(council, people["Lina"], "att ärendet ska återremitteras för att utreda kostnaderna", 5,
             kind=Proposal.Kind.SEND_BACK)
    proposal(council, people["Maja"], "", 6, kind=Proposal.Kind.DEFER)
    assert parts(council)["Yrkanden"] == [
        "Eva Lund (S) yrkar, med instämmande av Ali Demir (S) och Sara Berg (V), att motionen ska bifallas.",
        "Per Holm (M) yrkar bifall till kommunstyrelsens förslag.",
        "Jonas Ek (SD) yrkar i första hand avslag på motionen, i andra hand att den ska anses besvarad.",
        "Lina Ström (C) yrkar att ärendet ska återremitteras för att utreda kostnaderna.",
        "Maja Lind (M) yrkar att ärendet ska bordläggas.",
    ]


def test_a_layout_may_name_the_proposer_and_seconders_together(council, people):
    eva = proposal(council, people["Eva"], "att motionen ska bifallas", 1)
    second(eva, people["Ali"])
    lomma = layout(wording={"proposes_seconded": "{all} yrkar {text}."})
    assert parts(council, lomma)["Yrkanden"] == ["Eva Lund (S) och Ali Demir (S) yrkar att motionen ska bifallas."]


def test_propositions_with_findings_read_first_and_then(council):
    Question.objects.create(item=council, position=1, text="om ärendet ska avgöras i dag eller återremitteras",
                            finding="det ska avgöras i dag")
    Question.objects.create(item=council, position=2, text="kommunstyrelsens förslag och Eva Lunds yrkande",
                            finding="att kommunfullmäktige beslutar enligt kommunstyrelsens förslag.")
    Question.objects.create(item=council, position=3, text="Beslutet fattas med acklamation")
    assert parts(council)["Beslutsgång"] == [
        "Ordföranden ställer först proposition på om ärendet ska avgöras i dag eller återremitteras och finner att "
        "det ska avgöras i dag.",
        "Därefter ställer ordföranden proposition på kommunstyrelsens förslag och Eva Lunds yrkande och finner att "
        "kommunfullmäktige beslutar enligt kommunstyrelsens förslag.",
        "Beslutet fattas med acklamation.",
    ]


def test_one_proposition_with_a_finding(board):
    Question.objects.create(item=board, text="bifall och avslag", finding="kommunstyrelsen bifaller förslaget")
    assert parts(board)["Beslutsgång"] == [
        "Ordföranden ställer proposition på bifall och avslag och finner att kommunstyrelsen bifaller förslaget."]


# --- votes ------------------------------------------------------------------------

def roll_call(item, people, choices: dict[str, str], **fields) -> Vote:
    counts = {side: list(choices.values()).count(side) for side in ("yes", "no", "abstain")}
    vote = Vote.objects.create(item=item, question="", yes=counts["yes"], no=counts["no"],
                               abstained=counts["abstain"], result="", **fields)
    for position, (name, choice) in enumerate(choices.items(), start=1):
        who = people[name]
        Ballot.objects.create(vote=vote, position=position, person=who, party=who.party, choice=choice,
                              replaces=people["Hans"] if name == "Maja" else None)
    return vote


def test_a_roll_call_tells_the_order_the_counts_the_winner_and_its_annex(council, people):
    roll_call(council, people, {"Eva": "no", "Ali": "no", "Jonas": "yes", "Per": "yes", "Maja": "yes",
                                "Lina": "abstain"},
              yes_for="kommunstyrelsens förslag", no_for="Eva Lunds yrkande")
    context = item_context(minute_items_for_render().get(pk=council.pk), layout())
    text = {s.heading: s.lines for s in context["sections"]}
    assert text["Beslutsgång"] == [
        "Votering begärs. Följande propositionsordning godkänns: ja-röst för kommunstyrelsens förslag, nej-röst "
        "för Eva Lunds yrkande. Med 3 ja-röster mot 2 nej-röster, 1 avstår, beslutar kommunfullmäktige enligt "
        "kommunstyrelsens förslag. Hur var och en har röstat framgår av bilaga 1."]
    (annex,) = context["annexes"]
    assert annex["heading"] == "Bilaga 1 – Omröstningslista § 40"
    assert annex["columns"] == ["Ledamot", "Ja", "Nej", "Avstår"]
    assert [(row["name"], row["note"], row["yes"], row["no"], row["abstain"]) for row in annex["rows"]] == [
        ("Eva Lund (S)", "", "", "X", ""), ("Ali Demir (S)", "", "", "X", ""), ("Jonas Ek (SD)", "", "X", "", ""),
        ("Per Holm (M)", "", "X", "", ""), ("Maja Lind (M)", "ersättare för Hans Alvarez", "X", "", ""),
        ("Lina Ström (C)", "", "", "", "X"),
    ]
    assert annex["totals"] == [3, 2, 1]


def test_a_tie_is_settled_by_the_chairs_casting_vote(board, people):
    roll_call(board, people, {"Eva": "no", "Ali": "no", "Jonas": "yes", "Per": "yes"},
              yes_for="arbetsutskottets förslag", no_for="Eva Lunds yrkande", casting_vote="yes")
    assert parts(board)["Beslutsgång"] == [
        "Votering begärs. Följande propositionsordning godkänns: ja-röst för arbetsutskottets förslag, nej-röst för "
        "Eva Lunds yrkande. Rösterna utfaller lika, 2 ja och 2 nej. Ordföranden använder sin utslagsröst och "
        "kommunstyrelsen beslutar enligt arbetsutskottets förslag. Hur var och en har röstat framgår av bilaga 1."]


def test_a_closed_vote_has_its_counts_and_no_annex(council):
    Vote.objects.create(item=council, kind=Vote.Kind.CLOSED, question="", yes_for="Eva Lund", no_for="Per Holm",
                        yes=30, no=29, abstained=2, result="")
    context = item_context(minute_items_for_render().get(pk=council.pk), layout())
    assert {s.heading: s.lines for s in context["sections"]}["Beslutsgång"] == [
        "Sluten omröstning genomförs. Följande propositionsordning godkänns: ja-röst för Eva Lund, nej-röst för Per "
        "Holm. Med 30 ja-röster mot 29 nej-röster, 2 blanka röster, beslutar kommunfullmäktige enligt Eva Lund."]
    assert context["annexes"] == []


def test_a_vote_recorded_the_older_way_prints_as_it_always_has(council):
    Vote.objects.create(item=council, question="ja för avslag, nej för bifall.", yes=5, no=2,
                        result="beslutar kommunfullmäktige att avslå motionen.")
    Vote.objects.create(item=council, position=2, question="ja för A, nej för B", yes=4, no=3, abstained=1, result="")
    assert parts(council)["Beslutsgång"] == [
        "Votering begärs och verkställs med följande proposition: ja för avslag, nej för bifall. Med 5 ja-röster mot "
        "2 nej-röster beslutar kommunfullmäktige att avslå motionen.",
        "Votering begärs och verkställs med följande proposition: ja för A, nej för B. Med 4 ja-röster mot 3 "
        "nej-röster och 1 som avstår.",
    ]


# --- reservations, statements, notes, conflicts, attendance, distribution -------------

def test_reservations_grouped_in_favour_of_a_proposal_own_and_written(council, people):
    eva = proposal(council, people["Eva"], "att motionen ska bifallas", 1)
    jonas = proposal(council, people["Jonas"], "avslag på motionen", 2, rank=1)
    proposal(council, people["Jonas"], "att den ska anses besvarad", 3, rank=2)
    reserve(council, people["Eva"], 1, group=1, in_favour_of=eva)
    reserve(council, people["Ali"], 2, group=1)
    reserve(council, people["Sara"], 3, group=1)
    reserve(council, people["Jonas"], 4, group=2, in_favour_of=jonas)
    reserve(council, people["Lina"], 5, group=3, text="till förmån för eget yrkande")
    reserve(council, people["Per"], 6, group=4, text="Beslutet strider mot budgeten.")
    reserve(council, people["Maja"], 7, group=5, written=True, text="Vi reserverar oss av följande skäl.")
    assert parts(council)["Reservationer"] == [
        "Eva Lund (S), Ali Demir (S) och Sara Berg (V) reserverar sig mot beslutet till förmån för Eva Lunds "
        "yrkande.",
        "Jonas Ek (SD) reserverar sig mot beslutet till förmån för eget yrkande i första hand.",
        "Lina Ström (C) reserverar sig mot beslutet till förmån för eget yrkande.",
        "Per Holm (M) reserverar sig mot beslutet. Beslutet strider mot budgeten.",
        "Maja Lind (M) reserverar sig skriftligt, bilaga 1.",
    ]
    (annex,) = item_context(minute_items_for_render().get(pk=council.pk), layout())["annexes"]
    assert (annex["heading"], annex["people"], annex["paragraphs"]) == (
        "Bilaga 1 – Reservation § 40", "Maja Lind (M)", ["Vi reserverar oss av följande skäl."])


def test_a_joint_proposal_is_named_with_every_proposer_where_the_layout_says(council, people):
    eva = proposal(council, people["Eva"], "att motionen ska bifallas", 1)
    second(eva, people["Ali"])
    reserve(council, people["Sara"], 1, in_favour_of=eva)
    lomma = layout(wording={"proposal_of": "{all_genitive} yrkande"})
    assert parts(council, lomma)["Reservationer"] == [
        "Sara Berg (V) reserverar sig mot beslutet till förmån för Eva Lunds och Ali Demirs yrkande."]


def test_statements_notes_conflicts_and_the_distribution(council, people):
    SeparateStatement.objects.create(item=council, person=people["Eva"], party=people["Eva"].party,
                                     text="Vi anser att motionen borde ha bifallits.")
    SeparateStatement.objects.create(item=council, position=2, person=people["Jonas"], party=people["Jonas"].party,
                                     document="annexes/ek.pdf")
    ProtocolNote.objects.create(item=council, person=people["Per"], party=people["Per"].party,
                                text="Frågan bör följas upp")
    ProtocolNote.objects.create(item=council, position=2, party=people["Sara"].party, text="vi stöder förslaget")
    ProtocolNote.objects.create(item=council, position=3, text="Ordföranden noterar att tiden är knapp")
    ConflictOfInterest.objects.create(item=council, person=people["Lina"], party=people["Lina"].party)
    council.distribution = ["Motionären", " Kommunstyrelsen ", ""]
    council.save()
    text = parts(council)
    assert text["Särskilda yttranden"] == [
        "Eva Lund (S) lämnar ett särskilt yttrande. Vi anser att motionen borde ha bifallits.",
        "Jonas Ek (SD) lämnar ett särskilt yttrande, bilaga 1.",
    ]
    assert text["Protokollsanteckningar"] == [
        "Per Holm (M) lämnar en protokollsanteckning: Frågan bör följas upp.",
        "Vänsterpartiets ledamöter lämnar en protokollsanteckning: vi stöder förslaget.",
        "Ordföranden noterar att tiden är knapp.",
    ]
    assert text["Jäv"] == ["Lina Ström (C) anmäler jäv och deltar inte i handläggningen av ärendet."]
    assert text["Beslutet skickas till"] == ["Motionären", "Kommunstyrelsen"]


def test_members_leaving_and_arriving_at_the_paragraph(council, people):
    meeting = council.meeting
    AttendanceChange.objects.create(meeting=meeting, person=people["Per"], kind=AttendanceChange.Kind.LEAVES,
                                    from_number=40, at=datetime.time(19, 40), replaced_by=people["Maja"])
    AttendanceChange.objects.create(meeting=meeting, person=people["Eva"], kind=AttendanceChange.Kind.ARRIVES,
                                    from_number=40, replaced_by=people["Ali"])
    AttendanceChange.objects.create(meeting=meeting, person=people["Sara"], kind=AttendanceChange.Kind.LEAVES,
                                    from_number=40, at=datetime.time(20, 5))
    AttendanceChange.objects.create(meeting=meeting, person=people["Jonas"], kind=AttendanceChange.Kind.LEAVES,
                                    from_number=41)  # at a later paragraph: not this one's
    assert parts(council)["Tjänstgöring"] == [
        "Per Holm (M) lämnar sammanträdet kl. 19.40; Maja Lind (M) tjänstgör i stället för Per Holm.",
        "Eva Lund (S) ankommer till sammanträdet och tjänstgör i stället för Ali Demir (S).",
        "Sara Berg (V) lämnar sammanträdet kl. 20.05.",
    ]


def test_a_recorded_part_the_layout_has_no_place_for_is_printed_under_the_general_heading(council, people):
    """Huddinge's 2021 layout has no headings for conflicts or the distribution: they still print."""
    ConflictOfInterest.objects.create(item=council, person=people["Lina"], party=people["Lina"].party)
    council.distribution = ["Motionären"]
    council.save()
    huddinge_2021 = council.body.municipality.layouts.get(name="Huddinge 2021–2023")
    text = parts(council, huddinge_2021)
    assert list(text) == ["Kommunfullmäktiges beslut", "Sammanfattning", "Jäv", "Beslutet skickas till"]
    assert text["Jäv"] == ["Lina Ström (C) anmäler jäv och deltar inte i handläggningen av ärendet."]


def test_proposals_are_printed_when_the_layout_heads_only_the_speakers(council, people):
    Speaker.objects.create(item=council, person=people["Eva"], party=people["Eva"].party)
    proposal(council, people["Eva"], "bifall till motionen", 1)
    only_speakers = layout(sections=[["decision", "{genitive} beslut"], ["deliberation", "Anföranden"]])
    assert parts(council, only_speakers) == {
        "Kommunfullmäktiges beslut": ["Motionen anses besvarad."],
        "Anföranden": ["Under överläggningen yttrar sig Eva Lund (S)."],
        "Yrkanden": ["Eva Lund (S) yrkar bifall till motionen."],
    }


def test_a_heading_left_empty_prints_the_part_without_one(council):
    bare = layout(sections=[["decision", ""]])
    (section,) = item_context(minute_items_for_render().get(pk=council.pk), bare)["sections"]
    assert (section.heading, section.lines) == ("", ["Motionen anses besvarad."])


# --- the decision, the paragraph number, the wording -----------------------------------

def test_the_decision_as_sentences_numbered_points_or_att_clauses(board):
    sentences = parts(board, layout(sections=[["decision", "Beslut"]]))["Beslut"]
    numbered = parts(board, layout(sections=[["decision", "Beslut"]], decision_form="numbered"))["Beslut"]
    att = parts(board, layout(sections=[["decision", "Beslut"]], decision_form="att"))["Beslut"]
    assert sentences == ["Kommunstyrelsen föreslår kommunfullmäktige besluta följande:", "Motionen anses besvarad."]
    assert numbered == ["Kommunstyrelsen föreslår kommunfullmäktige besluta följande:", "1. Motionen anses besvarad."]
    assert att == ["Kommunstyrelsen föreslår kommunfullmäktige besluta", "att anse motionen besvarad."]


def test_the_secretarys_clauses_replace_the_generated_points_in_the_layouts_form(council):
    council.decision_clauses = ["Motionen anses besvarad med hänvisning till förvaltningens yttrande",
                                "att uppdra åt kommunstyrelsen att följa upp arbetet."]
    council.save()
    assert parts(council, layout(sections=[["decision", "Beslut"]]))["Beslut"] == [
        "Motionen anses besvarad med hänvisning till förvaltningens yttrande.",
        "Att uppdra åt kommunstyrelsen att följa upp arbetet.",
    ]
    assert parts(council, layout(sections=[["decision", "Beslut"]], decision_form="numbered"))["Beslut"] == [
        "1. Motionen anses besvarad med hänvisning till förvaltningens yttrande.",
        "2. Att uppdra åt kommunstyrelsen att följa upp arbetet.",
    ]
    lomma = layout(sections=[["decision", "Beslut:"]], decision_form="att",
                   wording={"att_lead_decides": "{subject} beslutar:"})
    assert parts(council, lomma)["Beslut:"] == [
        "Kommunfullmäktige beslutar:",
        "att motionen anses besvarad med hänvisning till förvaltningens yttrande,",
        "att uppdra åt kommunstyrelsen att följa upp arbetet.",
    ]


def test_the_paragraph_number_and_the_titles_follow_the_layout(council):
    item = minute_items_for_render().get(pk=council.pk)
    assert item_context(item, layout(paragraph_format="{short_name} § {number}"))["paragraph"] == "KF § 40"
    assert item_context(item, layout(paragraph_format="§ {number}/{yy}"))["paragraph"] == "§ 40/22"
    assert item_context(item, layout(paragraph_format="§ {number} ({year})"))["paragraph"] == "§ 40 (2022)"


def test_the_title_has_an_en_dash_unless_the_layout_words_it_otherwise(council):
    item = minute_items_for_render().get(pk=council.pk)
    title = "Inför en avhopparverksamhet för ett tryggare Huddinge {} svar på motion väckt av Nujin Alacabek (V)"
    assert item_context(item, layout())["heading"] == title.format("–")
    assert item_context(item, layout(wording={"title_dash": "-"}))["heading"] == title.format("-")
    # Huddinge's minutes of 2021–2023 printed a hyphen; those of 2024 on have the dash.
    assert item_context(item)["heading"] == title.format("-")
    later = council.body.municipality.layouts.get(name="Huddinge 2024–")
    assert item_context(item, later)["heading"] == title.format("–")


def test_a_layout_words_the_fixed_sentences_its_own_way(council, people):
    Speaker.objects.create(item=council, person=people["Eva"], party=people["Eva"].party)
    own = layout(wording={"decision_deem_answered": "Motionen förklaras besvarad.",
                          "deliberation": "I överläggningen deltar {speakers}.",
                          "unknown_key": "ignored", "rank": 3})
    text = parts(council, own)
    assert text["Kommunfullmäktiges beslut"] == ["Motionen förklaras besvarad."]
    assert text["Överläggning"] == ["I överläggningen deltar Eva Lund (S)."]


# --- the case: history, basis, the proposal decided, the filing -----------------------

def test_the_history_lists_the_steps_before_the_meeting(council):
    assert parts(council)["Ärendets gång"] == [
        "Motion 2021-03-08",
        "Kommunfullmäktige 2021-03-15",
        "Trygghets- och delaktighetsberedningen 2021-09-20, § 31",
        "Grundskolenämnden 2021-09-21, § 78",
        "Gymnasie- och arbetsmarknadsnämnden 2021-09-22, § 64",
        "Kultur- och fritidsnämnden 2021-09-23, § 55",
        "Socialnämnden 2021-09-28, § 112",
        "Tjänsteskrivelse 2022-01-10",
        "Kommunstyrelsens arbetsutskott 2022-01-25, § 12",
        "Kommunstyrelsen 2022-02-07, § 25",
    ]


def test_a_declined_referral_is_never_named_as_an_answer(council, seed_case):
    referral = seed_case.referrals.get(body__name="Socialnämnden")
    Referral.objects.filter(pk=referral.pk).update(status=Referral.Status.DECLINED)
    text = parts(council)
    assert not any("Socialnämnden" in line for line in text["Ärendets gång"])
    assert not any("Socialnämndens yttrande" in line for line in text["Beslutsunderlag"])
    assert "Socialnämnden konstaterar" not in " ".join(text["Sammanfattning"])
    # It was asked all the same.
    assert "socialnämnden" in " ".join(text["Sammanfattning"])


def test_the_proposal_decided_at_the_council_and_at_the_board(council, board):
    assert parts(council)["Förslag till beslut"] == ["Kommunstyrelsens förslag till kommunfullmäktige:",
                                                     "Motionen anses besvarad."]
    # The working committee handed the case over without a position: the administration's proposal.
    assert parts(board)["Förslag till beslut"] == ["Förvaltningens förslag till beslut:", "Motionen anses besvarad."]


def test_the_filing_paragraph_sends_the_motion_to_the_board(huddinge, body, person, registrar):
    from motions.services import file_motion

    meeting = Meeting.objects.create(body=body("Kommunfullmäktige"), date=d("2021-04-19"))
    parkbankar = file_motion(huddinge, title="Motion om fler parkbänkar", movers=[person("Nujin Alacabek")],
                             received_on=d("2021-04-01"), by=registrar)
    simskola = file_motion(huddinge, title="Gratis simskola för alla barn", movers=[person("Nujin Alacabek")],
                           received_on=d("2021-04-01"), by=registrar)
    first, second = (MinuteItem.objects.create(meeting=meeting, body=meeting.body, year=2021, number=number,
                                               motion=motion, decision="file")
                     for number, motion in ((30, parkbankar), (31, simskola)))
    context = item_context(minute_items_for_render().get(pk=first.pk), layout())
    assert context["heading"] == "Motion om fler parkbänkar (Nujin Alacabek, V)"
    assert {s.heading: s.lines for s in context["sections"]}["Kommunfullmäktiges beslut"] == [
        "Motionen anmäls och överlämnas till kommunstyrelsen för beredning."]
    assert item_context(minute_items_for_render().get(pk=second.pk), layout())["heading"] == (
        "Gratis simskola för alla barn – motion väckt av Nujin Alacabek (V)")


# --- the Swedish helpers ----------------------------------------------------------------

def test_genitive_of_a_name():
    assert [genitive(name) for name in ("Eva Lund", "Jonas Ek", "Hans", "Max", "Inez Diaz", "Kommunstyrelsen")] == [
        "Eva Lunds", "Jonas Eks", "Hans", "Max", "Inez Diaz", "Kommunstyrelsens"]


def test_ordinals_for_ranks():
    assert [ordinal(n) for n in (1, 2, 3, 10, 11, 12, 21, 22, 23)] == [
        "första", "andra", "tredje", "tionde", "11:e", "12:e", "21:a", "22:a", "23:e"]


def test_every_phrase_a_layout_may_word_is_documented():
    from pathlib import Path

    from organisation.wording import WORDING

    docs = (Path(__file__).resolve().parents[2] / "docs" / "minutes.md").read_text(encoding="utf-8")
    assert [key for key in WORDING if f"`{key}`" not in docs] == []
