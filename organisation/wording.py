"""The fixed phrases of the minute text, by key, in the common Swedish
wording, and the check of a layout's own wording of them: a layout
(MinuteLayout.wording) is the organisation's data, so the organisation file,
the admin and the minutes read the same list.
`WORDING` holds every phrase the minutes generate, by key, in the common
Swedish wording. A layout's `wording` dict replaces any of them: the same key,
a text using some or all of the default's {placeholders} (and no others).
docs/minutes.md lists the keys with examples. The keys, by part:

Titles: ``title_dash`` (the dash "–" between a motion's title and what the
paragraph is), ``title_answer``, ``title_strike_off``, ``title_filing`` and
``title_filing_named`` (a title that itself begins "Motion …"), ``title_filings`` (a
filing paragraph of several motions).

Summary and history: ``filing``, ``filing_where``, ``referred``,
``filings_lead``, ``filings_item``, ``history_motion``, ``history_step``, ``history_step_paragraph``,
``history_draft``.

Basis for decision: ``basis_draft``, ``basis_motion``, ``basis_answer``,
``basis_answer_paragraph``.

The proposal being decided: ``proposal_from``, ``proposal_administration``.

The decision, as sentences (``decision_<what>``), as att-clauses
(``att_<what>``) and their leads (``lead_<what>``, ``att_lead_<what>``), where
<what> is approve, partly_approve, reject, deem_answered, strike_off,
clause_approved, clause_rejected, hand_over, defer, send_back, file, file_many; the leads
are propose, propose_via and decides.

At the meeting: ``deliberation``; ``proposes``, ``proposes_seconded``,
``rank``, ``send_back_proposal``, ``defer_proposal``; ``question``,
``question_first``, ``question_then``; the votes ``vote_requested``,
``vote_closed``, ``vote_order``, ``vote_result`` (``_abstained``,
``_blank``), ``yes_votes``, ``yes_vote``, ``no_votes``, ``no_vote``,
``vote_tie`` (``_abstained``, ``_blank``), ``vote_casting``,
``vote_lot``, ``vote_annex``; ``reservation``, ``reservation_written``,
``in_favour_of``, ``proposal_of``, ``own_proposal``; ``statement``,
``statement_annex``; ``note``, ``note_party``; ``conflict``; ``leaves``,
``leaves_replaced``, ``arrives``, ``arrives_replacing``, ``at``.

The documents: ``annex_number``, ``annex_heading``, ``annex_rollcall``, ``annex_reservation``,
``annex_statement``, ``annex_document``, ``rollcall_member``, ``rollcall_yes``,
``rollcall_no``, ``rollcall_abstain``, ``rollcall_total``,
``rollcall_substitute``, ``rollcall_casting``, ``certification``,
``draft_mark``, ``imported_mark``.
"""

import string

from django.utils.translation import gettext as _

from lib.errors import DomainError

WORDING = {
    # -- titles --
    "title_dash": "–",
    "title_answer": "{title} {dash} svar på motion väckt av {movers}",
    "title_strike_off": "{title} {dash} avskrivning av motion väckt av {movers}",
    "title_filing": "{title} {dash} motion väckt av {movers}",
    # A title that begins with "Motion": "Motion om fler parkbänkar (Eva Lund, S)".
    "title_filing_named": "{title} ({movers_short})",
    # A filing paragraph of several motions.
    "title_filings": "Anmälan av motioner",
    # -- the summary's generated opening --
    "filing": "I {month_year} väcktes {where} motionen ”{title}” av {movers}.",
    "filing_where": "i {council}",
    # A filing paragraph of several motions: the lead and one line per motion.
    "filings_lead": "Följande motioner anmäls till {council}:",
    "filings_item": "{number}. {title} ({movers_short})",
    "referred": "Motionen har gått på remiss till {bodies}.",
    # -- Ärendets gång: one line per earlier step --
    "history_motion": "Motion {date}",
    "history_step": "{body} {date}",
    "history_step_paragraph": "{body} {date}, {paragraph}",
    "history_draft": "Tjänsteskrivelse {date}",
    # -- Beslutsunderlag --
    "basis_draft": "Tjänsteskrivelse {date}",
    "basis_motion": "Motion väckt av {movers}",
    "basis_answer": "{genitive} yttrande {date}",
    "basis_answer_paragraph": "{genitive} yttrande {date} {paragraph}",
    # -- the proposal being decided --
    "proposal_from": "{genitive} förslag till {receiver}:",
    "proposal_administration": "Förvaltningens förslag till beslut:",
    # -- the decision as sentences --
    "decision_approve": "Motionen bifalls.",
    "decision_partly_approve": "Motionen bifalls delvis.",
    "decision_reject": "Motionen avslås.",
    "decision_deem_answered": "Motionen anses besvarad.",
    "decision_strike_off": "Motionen avskrivs.",
    "decision_clause_approved": "Att-sats {number} ({text}) bifalls.",
    "decision_clause_rejected": "Att-sats {number} ({text}) avslås.",
    "decision_hand_over": "{subject} överlämnar ärendet till {receiver} utan eget ställningstagande.",
    "decision_defer": "Ärendet bordläggs.",
    "decision_send_back": "Ärendet återremitteras med följande motivering: {reason}",
    "decision_file": "Motionen anmäls och överlämnas till {board} för beredning.",
    "decision_file_many": "Motionerna anmäls och överlämnas till {board} för beredning.",
    "lead_propose": "{subject} föreslår {council} besluta följande:",
    "lead_propose_via": "{subject} föreslår {board} att föreslå {council} besluta följande:",
    "lead_decides": "",
    # -- the decision as att-clauses (decision_form "att") --
    "att_approve": "att bifalla motionen",
    "att_partly_approve": "att delvis bifalla motionen",
    "att_reject": "att avslå motionen",
    "att_deem_answered": "att anse motionen besvarad",
    "att_strike_off": "att avskriva motionen",
    "att_clause_approved": "att bifalla att-sats {number} ({text})",
    "att_clause_rejected": "att avslå att-sats {number} ({text})",
    "att_hand_over": "att överlämna ärendet till {receiver} utan eget ställningstagande",
    "att_defer": "att bordlägga ärendet",
    "att_send_back": "att återremittera ärendet med följande motivering: {reason}",
    "att_file": "att överlämna motionen till {board} för beredning",
    "att_file_many": "att överlämna motionerna till {board} för beredning",
    "att_lead_propose": "{subject} föreslår {council} besluta",
    "att_lead_propose_via": "{subject} föreslår {board} att föreslå {council} besluta",
    "att_lead_decides": "{subject} beslutar",
    # -- what was said and proposed --
    "deliberation": "Under överläggningen yttrar sig {speakers}.",
    "proposes": "{person} yrkar {text}.",
    # {all}: the proposer and the seconders as one list ("A (S) och B (V) yrkar …").
    "proposes_seconded": "{person} yrkar, med instämmande av {seconders}, {text}.",
    "rank": "i {ordinal} hand",
    "send_back_proposal": "att ärendet ska återremitteras",
    "defer_proposal": "att ärendet ska bordläggas",
    # -- the order of decision --
    "question": "Ordföranden ställer proposition på {text} och finner att {finding}.",
    "question_first": "Ordföranden ställer först proposition på {text} och finner att {finding}.",
    "question_then": "Därefter ställer ordföranden proposition på {text} och finner att {finding}.",
    "vote_requested": "Votering begärs.",
    "vote_closed": "Sluten omröstning genomförs.",
    "vote_order": "Följande propositionsordning godkänns: ja-röst för {yes_for}, nej-röst för {no_for}.",
    "vote_result": "Med {yes_votes} mot {no_votes} beslutar {subject} enligt {side}.",
    "vote_result_abstained": "Med {yes_votes} mot {no_votes}, {abstained} avstår, beslutar {subject} enligt {side}.",
    "vote_result_blank": "Med {yes_votes} mot {no_votes}, {abstained} blanka röster, beslutar {subject} enligt "
                         "{side}.",
    "yes_votes": "{count} ja-röster",
    "yes_vote": "{count} ja-röst",
    "no_votes": "{count} nej-röster",
    "no_vote": "{count} nej-röst",
    "vote_tie": "Rösterna utfaller lika, {yes} ja och {no} nej.",
    "vote_tie_abstained": "Rösterna utfaller lika, {yes} ja och {no} nej, {abstained} avstår.",
    "vote_tie_blank": "Rösterna utfaller lika, {yes} ja och {no} nej, {abstained} blanka röster.",
    "vote_casting": "Ordföranden använder sin utslagsröst och {subject} beslutar enligt {side}.",
    "vote_lot": "Lottning sker och {subject} beslutar enligt {side}.",
    "vote_annex": "Hur var och en har röstat framgår av bilaga {annex}.",
    # -- reservations, statements, notes --
    "reservation": "{people} reserverar sig mot beslutet {favour}.",
    "reservation_written": "{people} reserverar sig skriftligt {favour}, bilaga {annex}.",
    "in_favour_of": "till förmån för {proposal}",
    # {all_genitive}: the proposer and the seconders ("Eva Lunds och Ali Demirs yrkande").
    "proposal_of": "{genitive} yrkande",
    "own_proposal": "eget yrkande",
    "statement": "{person} lämnar ett särskilt yttrande.",
    "statement_annex": "{person} lämnar ett särskilt yttrande, bilaga {annex}.",
    "note": "{person} lämnar en protokollsanteckning: {text}",
    "note_party": "{party_genitive} ledamöter lämnar en protokollsanteckning: {text}",
    "conflict": "{person} anmäler jäv och deltar inte i handläggningen av ärendet.",
    # -- attendance changing at the paragraph --
    "leaves": "{person} lämnar sammanträdet {at}.",
    "leaves_replaced": "{person} lämnar sammanträdet {at}; {replacement} tjänstgör i stället för {name}.",
    "arrives": "{person} ankommer till sammanträdet {at}.",
    "arrives_replacing": "{person} ankommer till sammanträdet {at} och tjänstgör i stället för {replaced}.",
    "at": "kl. {time}",
    # -- the documents --
    # An annex's number as the minutes write it: {number} (1, 2, …) or {letter} (A, B, …).
    "annex_number": "{number}",
    "annex_heading": "Bilaga {number} – {title}",
    "annex_rollcall": "Omröstningslista {paragraph}",
    "annex_reservation": "Reservation {paragraph}",
    "annex_statement": "Särskilt yttrande {paragraph}",
    "annex_document": "Handlingen bifogas protokollet: {name}",
    "rollcall_member": "Ledamot",
    "rollcall_yes": "Ja",
    "rollcall_no": "Nej",
    "rollcall_abstain": "Avstår",
    "rollcall_total": "Summa",
    "rollcall_substitute": "ersättare för {name}",
    "rollcall_casting": "Ordförandens utslagsröst: {side}",
    "certification": "Utdragsbestyrkande",
    "draft_mark": "UTKAST – EJ JUSTERAT",
    "imported_mark": "Överfört från {source}",
}

# Placeholders a phrase may use besides its default's.
EXTRA_PLACEHOLDERS = {
    "proposes_seconded": {"all"},
    # "about": the title after its first word ("om fler parkbänkar" in "Motion om fler parkbänkar").
    "filing": {"about"},
    "annex_number": {"letter"},
    **{key: {"about"} for key in ("title_answer", "title_strike_off", "title_filing")},
    "filings_item": {"title", "movers", "movers_short", "about"},
    **{key: {"subject"} for key in ("decision_file", "decision_file_many", "att_file", "att_file_many")},
    "proposal_of": {"all_genitive"},
    "note_party": {"party"},
    **{key: {"yes", "no"} for key in ("vote_result", "vote_result_abstained", "vote_result_blank")},
}


def placeholders(key: str) -> set[str]:
    """The {names} the phrase `key` may use."""
    names = {name for _, name, _, _ in string.Formatter().parse(WORDING[key]) if name}
    return names | EXTRA_PLACEHOLDERS.get(key, set())


def used_placeholders(text: str) -> set[str]:
    """The {names} in `text` (ValueError when its braces do not match)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def check_wording(wording) -> dict[str, str]:
    """A layout's own wording: known keys, texts, and in each text only the
    placeholders its phrase has. Raises a DomainError naming the field."""
    if not isinstance(wording, dict):
        raise DomainError(_("Ange formuleringarna som ett objekt: {\"nyckel\": \"text\"}."), field="wording")
    for key, text in wording.items():
        if key not in WORDING:
            raise DomainError(_("Okänd formulering %(key)s; nycklarna står i docs/minutes.md.") % {"key": f"”{key}”"},
                              field="wording")
        if not isinstance(text, str):
            raise DomainError(_("Formuleringen %(key)s ska vara en text.") % {"key": f"”{key}”"}, field="wording")
        allowed = placeholders(key)
        try:
            used = used_placeholders(text)
        except ValueError:
            raise DomainError(_("Formuleringen %(key)s: klammerparenteserna går inte ihop (skriv {{ och }} för en "
                                "klammer).") % {"key": f"”{key}”"}, field="wording") from None
        unknown = sorted(used - allowed)
        if unknown:
            raise DomainError(
                _("Formuleringen %(key)s: okänd platshållare %(names)s; tillåtna är %(allowed)s.")
                % {"key": f"”{key}”", "names": ", ".join("{%s}" % name for name in unknown),
                   "allowed": ", ".join("{%s}" % name for name in sorted(allowed)) or "inga"},
                field="wording")
        try:
            text.format(**dict.fromkeys(allowed, ""))
        except (IndexError, ValueError, KeyError):
            raise DomainError(_("Formuleringen %(key)s kan inte fyllas i: skriv platshållarna som {namn}.")
                              % {"key": f"”{key}”"}, field="wording") from None
    return wording
