"""Real paragraphs from other organisations' public minutes, encoded as
organisation and case files, loaded with load_organisation and import_case,
rendered to PDF and read back: each holds at least 97 % of the source's words
in the source's order. The sources (tests/data/minutes/*.txt) are copied from
the public minutes named in their first lines."""

import subprocess

import pytest
from django.core.management import call_command

from decisions.documents import extract_pdf
from decisions.selectors.minutes import minute_items_for_render
from motions.models import Motion
from tests.support.fidelity import MINUTES, expected_text, missing_in_order, share_in_order, words

# source text, organisation file, case file, case number, body of the paragraph
PARAGRAPHS = [
    # A roll-call tied 22–22 and decided by the chair's casting vote; proposals
    # made by several members together; written reservations by 16 members in four groups.
    ("lomma-kf-2026-05-07-50.txt", "lomma-organisation.json", "lomma-kf-2026-05-07-50.json", "KS KF/2025:294",
     "Kommunfullmäktige"),
    # A reservation by 14 members in favour of a proposal made by three; the decision as att-clauses.
    ("lomma-kf-2025-09-25-70.txt", "lomma-organisation.json", "lomma-kf-2025-09-25-70.json", "KS KF/2025:135",
     "Kommunfullmäktige"),
    # Nine members reserving themselves in favour of a proposal seconded; a speaker after the proposals.
    ("lomma-kf-2025-09-25-69.txt", "lomma-organisation.json", "lomma-kf-2025-09-25-69.json", "KS KF/2025:39",
     "Kommunfullmäktige"),
    # The council's filing paragraph: "Ärendet överlämnas till kommunstyrelsen för beredning."
    ("tyreso-kf-2009-09-10-91.txt", "tyreso-organisation.json", "tyreso-kf-2009-09-10-91.json", "KS-2009/1",
     "Kommunfullmäktige"),
    # A region: the regional council told of six motions in one paragraph, whose number the source
    # (the region's own record of the meeting) does not give.
    ("vgr-rf-2023-11-28-27.txt", "vgr-organisation.json", "vgr-rf-2023-11-28-27.json", "RS-2023/901",
     "Regionfullmäktige"),
]


def pdf_words(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "extract.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return words(text)


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "organisation", "case", "case_number", "body"), PARAGRAPHS,
                         ids=[p[0].removesuffix(".txt") for p in PARAGRAPHS])
def test_a_real_paragraph_comes_out_with_its_words_in_order(source, organisation, case, case_number, body,
                                                            tmp_path):
    call_command("load_organisation", str(MINUTES / organisation), stdout=tmp_path.joinpath("out").open("w"))
    call_command("import_case", str(MINUTES / case), stdout=tmp_path.joinpath("out").open("w"))
    motion = Motion.objects.get(case_number=case_number)
    item = minute_items_for_render().filter(body__name=body).get(
        pk__in=[*motion.minute_items.values_list("pk", flat=True), *motion.filing_items.values_list("pk", flat=True)])
    rendered = pdf_words(extract_pdf(item), tmp_path)
    expected = words(expected_text(source))
    share = share_in_order(expected, rendered)
    assert share >= 0.97, (f"{share:.3f}", missing_in_order(expected, rendered))
