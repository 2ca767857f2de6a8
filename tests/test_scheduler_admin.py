"""The scheduler's admin pages (django_celery_beat, which ships no Swedish) speak the interface's language:
Swedish by default (locale/sv holds Swedish for its texts only), English after switching."""

import re
from pathlib import Path

from django.test import Client

PO = Path(__file__).resolve().parent.parent / "locale" / "sv" / "LC_MESSAGES" / "django.po"


def admin_client(administrator, language=None):
    client = Client()
    client.force_login(administrator)
    if language:
        client.post("/i18n/setlang/", {"language": language, "next": "/admin/"})
    return client


def test_the_admin_names_the_schedulers_models_in_swedish(administrator):
    html = admin_client(administrator).get("/admin/").content.decode()
    for swedish in ("Schemalagda jobb", "Cron-scheman", "Intervall", "Solhändelser", "Tidpunkt"):
        assert f">{swedish}<" in html, swedish
    for english in ("Periodic Tasks", "Periodic tasks", "Crontabs", "Intervals", "Solar events", "Clocked"):
        assert f">{english}<" not in html, english


def test_a_scheduled_jobs_form_is_in_swedish(administrator):
    html = admin_client(administrator).get("/admin/django_celery_beat/periodictask/add/").content.decode()
    assert "Lägg till schemalagt jobb" in html
    assert "Kort beskrivning av jobbet" in html and "Short Description" not in html


def test_the_english_admin_keeps_the_schedulers_english_names(administrator):
    html = admin_client(administrator, "en").get("/admin/").content.decode()
    assert ">Periodic Tasks<" in html and ">Crontabs<" in html


def msgids(po: Path) -> set[str]:
    return set(re.findall(r'^msgid "(.+)"', po.read_text(encoding="utf-8"), re.M))


def test_the_swedish_catalogue_holds_only_third_party_texts_all_translated():
    # The project's own texts are written in Swedish; their catalogue to translate is locale/en.
    assert msgids(PO) and not msgids(PO) & msgids(PO.parents[2] / "en" / "LC_MESSAGES" / "django.po")
    for entry in PO.read_text(encoding="utf-8").split("\n\n")[1:]:
        assert not re.search(r'^msgstr(\[\d\])? ""\s*$', entry, re.M), entry
