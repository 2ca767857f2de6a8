"""Case files used by more than one test: a case whose board paragraph uses
every part a paragraph can have."""

KS = "Kommunstyrelsen"
SOURCE = "Huddinge kommuns arkiv, protokoll KS 2023-03-06"


def full_case() -> dict:
    """A motion whose board paragraph uses every part a paragraph can have,
    at a meeting with its times, attendance, an arrival and its signing."""
    return {
        "case_number": "KS-2023/40",
        "title": "Fler parkbänkar i Flemingsberg",
        "municipality": "Huddinge kommun",
        "status": "answered",
        "received_on": "2023-01-09",
        "filed": {"body": "Kommunfullmäktige", "date": "2023-01-16", "number": 5},
        "movers": [{"name": "Nujin Alacabek", "party": "V"}],
        "clauses": ["att fler parkbänkar ställs ut i Flemingsberg"],
        "drafts": [{"drafted_on": "2023-02-01", "proposal": "deem_answered", "summary": "Bänkar ställs ut i vår."}],
        "minute_items": [
            {"meeting": {"body": "Kommunstyrelsens arbetsutskott", "date": "2023-02-14"}, "number": 30,
             "decision": "hand_over"},
            {"meeting": {
                "body": KS, "date": "2023-03-06", "place": "Huddinge kommunhus",
                "starts_at": "13:00", "ends_at": "16:30",
                "attendance": [
                    {"name": "Anna Berglund", "role": "member", "duty": "chair"},
                    {"name": "Erik Sandberg", "role": "member", "signs": True},
                    {"name": "Lena Holm", "role": "member"},
                    {"name": "Nujin Alacabek", "role": "member"},
                    {"name": "Johan Ek", "role": "member"},
                    {"name": "Per Nyström", "role": "member"},
                    {"name": "Sofia Åkesson", "role": "member"},
                    {"name": "Maria Lind", "role": "member"},
                    {"name": "Karin Dahl", "role": "not_serving"},
                    {"name": "Helena Strand", "role": "other", "duty": "secretary", "title": "sekreterare"},
                ],
                "attendance_changes": [
                    {"person": "Sofia Åkesson", "kind": "arrives", "from_paragraph": 20, "at": "13:40"},
                ],
                "signed": {"signed_on": "2023-03-09", "posted_on": "2023-03-10", "kept_at": "Kommunstyrelsens "
                           "förvaltning", "source": SOURCE},
             },
             "number": 25, "decision": "propose", "proposal": "deem_answered",
             "conflicts": [{"person": "Lena Holm", "text": "Lena Holm är anställd inom socialförvaltningen."}],
             "speakers": ["Nujin Alacabek", "Anna Berglund"],
             "proposals": [
                 {"person": "Anna Berglund", "text": "bifall till förvaltningens förslag"},
                 {"person": "Nujin Alacabek", "text": "bifall till motionen", "seconders": ["Erik Sandberg"]},
                 {"person": "Johan Ek", "text": "avslag på motionen", "rank": 1},
                 {"person": "Johan Ek", "text": "att ärendet återremitteras", "kind": "send_back", "rank": 2},
             ],
             "questions": [
                 "först på om ärendet ska avgöras i dag och finner att det ska avgöras i dag",
                 {"text": "förvaltningens förslag och Nujin Alacabeks yrkande",
                  "finding": "kommunstyrelsen beslutar enligt förvaltningens förslag"},
             ],
             "votes": [{
                 "question": "ja för förvaltningens förslag, nej för Nujin Alacabeks yrkande",
                 "yes_for": "förvaltningens förslag", "no_for": "Nujin Alacabeks yrkande",
                 "ballots": [
                     {"person": "Anna Berglund", "vote": "yes"},
                     {"person": "Per Nyström", "vote": "yes"},
                     {"person": "Johan Ek", "party": "SD", "vote": "yes"},
                     {"person": "Nujin Alacabek", "vote": "no"},
                     {"person": "Erik Sandberg", "vote": "no"},
                     {"person": "Sofia Åkesson", "vote": "no"},
                     {"person": "Maria Lind", "vote": "abstain"},
                 ],
                 "casting_vote": "yes",
                 "result": "beslutar kommunstyrelsen enligt förvaltningens förslag",
             }],
             "decision_clauses": ["Kommunstyrelsen föreslår kommunfullmäktige besluta att motionen anses besvarad."],
             "reservations": [
                 {"person": "Nujin Alacabek", "in_favour_of": 2, "written": True},
                 {"person": "Erik Sandberg", "in_favour_of": 2, "text": "Bänkarna behövs nu."},
             ],
             "statements": [{"person": "Sofia Åkesson", "text": "Miljöpartiet välkomnar arbetet."}],
             "notes": ["Ärendet föredras av kommundirektören.",
                       {"text": "Sverigedemokraterna vill se en plan.", "person": "Johan Ek"}],
             "distribution": ["Kommunfullmäktige", "Kultur- och fritidsnämnden"]},
            {"meeting": {"body": "Kommunfullmäktige", "date": "2023-03-27"}, "number": 40,
             "decision": "deem_answered"},
        ],
    }
