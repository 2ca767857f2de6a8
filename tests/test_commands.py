"""Every management command answers a refused step with one line on stderr
and a non-zero exit status, never a traceback."""

import io
import json
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import execute_from_command_line
from django.db import connections
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from cases.management.commands import load_demo
from cases.models import RemovedCase
from motions.models import Motion
from organisation.models import Meeting

ROOT = Path(__file__).resolve().parent.parent


def manage(*argv: str) -> tuple[int, str, str]:
    """`manage.py *argv` as a shell runs it, but in this process (and the
    test's database): the exit status, stdout and stderr.

    The path is manage.py's: the arguments parsed by argparse, a CommandError
    written as one line on stderr with exit status 1. An exception that no
    command catches is a traceback in a shell; here it fails the test.
    """
    out, err = io.StringIO(), io.StringIO()
    status = 0
    # The command closes the database connections when it ends; here that would end the test's transaction.
    with redirect_stdout(out), redirect_stderr(err), mock.patch.object(connections, "close_all"):
        try:
            execute_from_command_line(["manage.py", *argv])
        except SystemExit as exit:
            status = 0 if exit.code is None else exit.code
    return status, out.getvalue(), err.getvalue()


def assert_refused(result: tuple[int, str, str], message: str) -> None:
    status, _out, err = result
    assert "Traceback" not in err
    assert status == 1, err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert err.startswith("CommandError: ") and message in err, err


def test_the_in_process_runner_answers_as_manage_py_does():
    """One real process, to hold `manage` to what a shell sees."""
    argv = ["watch_deadlines", "--datum", "2021-02-30"]
    result = subprocess.run([sys.executable, "manage.py", *argv], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert (result.returncode, result.stderr) == manage(*argv)[::2]
    assert_refused((result.returncode, result.stdout, result.stderr), "är inget datum (ÅÅÅÅ-MM-DD)")


COMMANDS = ["export_case", "import_case", "load_demo", "remove_case", "render_minutes", "install_schedule",
            "unprepared_motions_report", "watch_deadlines", "requeue_unsent", "write_oparl_dump"]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_malformed_command_line_is_a_usage_error_not_a_traceback(command):
    """argparse's own answer: the usage, then one line naming the fault, exit status 2."""
    status, _out, err = manage(command, "--no-such-option")
    assert status == 2
    assert "Traceback" not in err
    assert err.splitlines()[-1].startswith(f"manage.py {command}: error: ")


# --- cases -------------------------------------------------------------------------------------

def test_export_case_refuses_an_unknown_case_number(db):
    assert_refused(manage("export_case", "KS-1999/1"), "Inget ärende har diarienumret KS-1999/1.")


@pytest.mark.parametrize("argv", [[], ["KS-2021/345", "--all"]])
def test_export_case_wants_a_case_number_or_all_but_not_both(db, argv):
    assert_refused(manage("export_case", *argv), "Ange antingen ett diarienummer eller --all.")


def test_export_case_refuses_a_file_it_cannot_write(db, tmp_path):
    out = tmp_path / "ingen mapp" / "ärenden.json"
    assert_refused(manage("export_case", "--all", "-o", str(out)), f"{out}: kan inte skrivas")


def test_import_case_refuses_a_file_it_cannot_read(db, tmp_path):
    missing = tmp_path / "saknas.json"
    assert_refused(manage("import_case", str(missing)), f"{missing}: kan inte läsas")
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('{"title": "Fler parkbänkar"}'.encode("latin-1"))
    assert_refused(manage("import_case", str(latin1)), f"{latin1}: kan inte läsas")


@pytest.fixture
def signed_without_documents(seed_case, django_capture_on_commit_callbacks):
    """The seed case with its minutes signed, the archived documents not rendered (no commit runs them)."""
    load_demo.sign_demo_meetings()
    return seed_case


def test_import_case_replace_refuses_a_case_in_signed_minutes(signed_without_documents, seed_data, tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps(seed_data, ensure_ascii=False), encoding="utf-8")
    assert_refused(
        manage("import_case", str(path), "--replace"),
        f"{path}: case_number: Protokollet från Kommunstyrelsens arbetsutskott 2022-01-25 justerades 2022-01-27 "
        "och kan inte längre ändras; ärendet KS-2021/345 har § 12 i det och kan därför inte tas bort; inget lästes in.",
    )
    assert Motion.objects.filter(case_number="KS-2021/345").exists()


def test_load_demo_refuses_demo_data_that_clashes_with_the_register(huddinge, body):
    """The council's meeting at which the demo case was filed, recorded elsewhere with another place."""
    Meeting.objects.create(body=body("Kommunfullmäktige"), date="2021-03-15", place="Stadshuset")
    assert_refused(manage("load_demo"),
                   'huddinge-avhopparverksamhet.json: filed.place: sammanträdet finns redan med platsen "Stadshuset"')
    assert not Motion.objects.exists()


def test_load_demo_refuses_a_broken_data_file(db, tmp_path, monkeypatch):
    broken = tmp_path / "organisation.json"
    broken.write_text('{"name": ', encoding="utf-8")
    monkeypatch.setattr(load_demo, "ORGANISATION", broken)
    assert_refused(manage("load_demo"), f"{broken}: ogiltig JSON på rad 1, kolumn 10")


BY = ("--by", "registrator")


def test_remove_case_refuses_an_unknown_case_number(registrar):
    assert_refused(manage("remove_case", "KS-1999/1", "--reason", "Fel", *BY),
                   "Inget ärende har diarienumret KS-1999/1.")


def test_remove_case_and_import_case_refuse_an_unknown_user(seed_case, tmp_path):
    assert_refused(manage("remove_case", "KS-2021/345", "--reason", "Fel", "--by", "okänd"),
                   "Ingen aktiv användare har användarnamnet okänd.")
    path = tmp_path / "case.json"
    path.write_text("{}", encoding="utf-8")
    assert_refused(manage("import_case", str(path), "--by", "okänd"), "Ingen aktiv användare har användarnamnet okänd.")
    assert Motion.objects.filter(case_number="KS-2021/345").exists()


def test_remove_case_refuses_an_empty_reason(seed_case, registrar):
    assert_refused(manage("remove_case", "KS-2021/345", "--reason", " ", *BY), "Ange varför ärendet tas bort.")
    assert Motion.objects.filter(case_number="KS-2021/345").exists()


def test_remove_case_refuses_a_case_in_signed_minutes(signed_without_documents, registrar):
    assert_refused(manage("remove_case", "KS-2021/345", "--reason", "Fel", *BY),
                   "och kan inte längre ändras; ärendet KS-2021/345 har § 12 i det")
    assert Motion.objects.filter(case_number="KS-2021/345").exists()


def test_remove_case_removes_and_says_what_it_kept(seed_case, registrar):
    status, out, err = manage("remove_case", "KS-2021/345", "--reason", "Registrerat två gånger", *BY)
    assert (status, err) == (0, "")
    assert out.startswith("Borttaget: KS-2021/345 Inför en avhopparverksamhet")
    assert not Motion.objects.exists()
    assert RemovedCase.objects.get().removed_by == registrar


# --- decisions ---------------------------------------------------------------------------------

def test_render_minutes_refuses_a_case_without_a_paragraph_at_the_body(db, tmp_path):
    assert_refused(manage("render_minutes", "KS-1999/1", "--body", "Kommunstyrelsen", "-o", str(tmp_path / "x.pdf")),
                   "Ingen paragraf hos ”Kommunstyrelsen” i ärendet KS-1999/1")


# --- reminders ---------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["watch_deadlines", "unprepared_motions_report"])
@pytest.mark.parametrize("day, message", [
    ("2021-02-30", "är inget datum (ÅÅÅÅ-MM-DD)"),
    ("20210301", "är inget datum (ÅÅÅÅ-MM-DD)"),
    ("", "är inget datum (ÅÅÅÅ-MM-DD)"),
    # Dates the reminders' date arithmetic cannot reach from.
    ("0001-01-01", "ligger utanför åren 1900–2199"),
    ("9999-12-31", "ligger utanför åren 1900–2199"),
])
def test_a_bad_date_is_refused(db, tmp_path, command, day, message):
    output = ["-o", str(tmp_path / "r.pdf")] if command == "unprepared_motions_report" else []
    assert_refused(manage(command, "--datum", day, *output), message)


def test_unprepared_motions_report_refuses_a_file_it_cannot_write(db, tmp_path):
    out = tmp_path / "ingen mapp" / "r.pdf"
    assert_refused(manage("unprepared_motions_report", "--datum", "2021-06-01", "-o", str(out)),
                   f"{out}: kan inte skrivas")


def test_install_schedule_takes_a_schedule_made_twice_in_the_administration(db):
    for _ in range(2):
        CrontabSchedule.objects.create(minute="0", hour="7", day_of_week="*", day_of_month="*", month_of_year="*",
                                       timezone=settings.TIME_ZONE)
        IntervalSchedule.objects.create(every=1, period=IntervalSchedule.MINUTES)
    status, out, err = manage("install_schedule")
    assert (status, err) == (0, "")
    assert out.count("Lade in:") == 6
    assert PeriodicTask.objects.get(name="Bevaka tidsfrister").crontab == CrontabSchedule.objects.order_by("pk")[0]
