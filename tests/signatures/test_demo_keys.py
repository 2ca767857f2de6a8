"""make_demo_signing_keys refuses with one line what it cannot do, and takes the organisations
from the database when none are named."""

import json

import pytest
from django.core.management import CommandError, call_command

from organisation.models import Municipality
from tests.signatures.conftest import HUDDINGE


def test_a_folder_that_cannot_be_written_is_refused(tmp_path):
    blocked = tmp_path / "en-fil"
    blocked.write_text("")

    with pytest.raises(CommandError, match="kan inte skrivas"):
        call_command("make_demo_signing_keys", directory=blocked / "signing", organisations=[HUDDINGE])


def test_a_broken_authority_is_refused_not_replaced(tmp_path):
    (tmp_path / "demo-ca.cert.pem").write_text("trasig")

    with pytest.raises(CommandError, match="demo-CA:n .* kan inte läsas"):
        call_command("make_demo_signing_keys", directory=tmp_path, organisations=[HUDDINGE])
    assert (tmp_path / "demo-ca.cert.pem").read_text() == "trasig"


def test_a_broken_keys_file_is_refused_not_replaced(tmp_path):
    call_command("make_demo_signing_keys", directory=tmp_path, organisations=[HUDDINGE])
    (tmp_path / "keys.json").write_text("{")

    with pytest.raises(CommandError, match="keys.json kan inte läsas"):
        call_command("make_demo_signing_keys", directory=tmp_path, organisations=[HUDDINGE])
    assert (tmp_path / "keys.json").read_text() == "{"


@pytest.mark.django_db
def test_every_organisation_in_the_database_gets_a_key(settings, tmp_path):
    Municipality.objects.create(name="Huddinge kommun")
    Municipality.objects.create(name="Region Västernorrland", kind=Municipality.Kind.REGION)
    settings.SIGNING_KEYS_FILE = tmp_path / "signing" / "keys.json"

    call_command("make_demo_signing_keys")

    entries = json.loads(settings.SIGNING_KEYS_FILE.read_text())
    assert set(entries) == {"Huddinge kommun", "Region Västernorrland"}
    assert (tmp_path / "signing" / "demo-ca.cert.pem").exists()


def test_a_new_authority_issues_the_kept_organisations_keys_again(tmp_path):
    """Keys issued by an authority whose files were removed would be trusted by nothing."""
    call_command("make_demo_signing_keys", directory=tmp_path, organisations=[HUDDINGE])
    before = json.loads((tmp_path / "keys.json").read_text())[HUDDINGE]
    (tmp_path / "demo-ca.cert.pem").unlink()
    (tmp_path / "demo-ca.key.pem").unlink()

    call_command("make_demo_signing_keys", directory=tmp_path, organisations=[HUDDINGE])

    assert json.loads((tmp_path / "keys.json").read_text())[HUDDINGE]["passphrase"] != before["passphrase"]
