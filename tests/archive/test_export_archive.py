"""manage.py export_archive: the package of a case, or of every case closed in a year, written whole
or not at all; a refusal as one line naming the problem."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.archive.conftest import package_bytes


def test_writes_the_package_of_a_case(closed_case, tmp_path):
    out = io.StringIO()
    call_command("export_archive", "KS-2021/345", "-o", str(tmp_path / "paket.zip"), stdout=out)
    assert (tmp_path / "paket.zip").read_bytes() == package_bytes(closed_case)
    assert "KS-2021/345" in out.getvalue()
    assert [path.name for path in tmp_path.iterdir()] == ["paket.zip"]


def test_an_unknown_case_number_is_named(db, tmp_path):
    with pytest.raises(CommandError, match="Inget ärende har diarienumret KS-1999/1"):
        call_command("export_archive", "KS-1999/1", "-o", str(tmp_path / "paket.zip"))


def test_an_open_case_is_refused_and_nothing_is_left(motion, tmp_path):
    with pytest.raises(CommandError, match=r"KS-2021/1: Ärendet KS-2021/1 är inte avslutat"):
        call_command("export_archive", motion.case_number, "-o", str(tmp_path / "paket.zip"))
    assert list(tmp_path.iterdir()) == []


def test_decisions_without_legal_force_are_refused(closed_case, tmp_path, monkeypatch):
    council = closed_case.minute_items.get(body__name="Kommunfullmäktige")
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: council.meeting.appeal_until)
    with pytest.raises(CommandError, match="har inte vunnit laga kraft"):
        call_command("export_archive", "KS-2021/345", "-o", str(tmp_path / "paket.zip"))
    assert list(tmp_path.iterdir()) == []


def test_a_year_writes_each_case_closed_in_it(closed_case, tmp_path):
    out = io.StringIO()
    call_command("export_archive", "--year", "2022", "-o", str(tmp_path), stdout=out)
    package = tmp_path / "huddinge-kommun-KS-2021-345.zip"
    assert package.read_bytes() == package_bytes(closed_case)
    assert [path.name for path in tmp_path.iterdir()] == [package.name]


def test_a_year_without_closed_cases_says_so(closed_case, tmp_path):
    with pytest.raises(CommandError, match="Inga ärenden avslutades 2019"):
        call_command("export_archive", "--year", "2019", "-o", str(tmp_path))


def test_a_case_number_or_a_year(db, tmp_path):
    with pytest.raises(CommandError, match="antingen ett diarienummer eller --year"):
        call_command("export_archive", "-o", str(tmp_path))
