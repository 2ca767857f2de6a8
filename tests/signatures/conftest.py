"""Demo keys made once per module in a folder of their own, a small protocol rendered as the
minutes are (PDF/A-3a through lib/pdf.py), and the settings pointed at the keys."""

from pathlib import Path

import pytest
from django.core.management import call_command

from lib.pdf import html_to_pdf

HUDDINGE = "Huddinge kommun"
REGION = "Region Västernorrland"

PROTOCOL_HTML = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Protokoll</title>
<style>@page { size: A4; margin: 42mm 22mm 38mm 25mm; } body { font-family: "DejaVu Sans"; }</style>
</head><body>
<h1>Kommunstyrelsens arbetsutskott</h1>
<p>Sammanträdesdatum 2026-11-30. Paragraf 1: Motion om återvinning på Källbrinksskolan.</p>
</body></html>"""


def make_keys(folder: Path, *names: str) -> Path:
    call_command("make_demo_signing_keys", directory=folder, organisations=list(names))
    return folder / "keys.json"


@pytest.fixture(scope="module")
def demo_keys(tmp_path_factory) -> Path:
    """keys.json of a demo authority with keys for Huddinge and the region."""
    return make_keys(tmp_path_factory.mktemp("signing"), HUDDINGE, REGION)


@pytest.fixture(scope="module")
def other_keys(tmp_path_factory) -> Path:
    """keys.json of another demo authority, with a key of the same name."""
    return make_keys(tmp_path_factory.mktemp("other-signing"), HUDDINGE)


@pytest.fixture
def keys_file(settings, demo_keys) -> Path:
    settings.SIGNING_KEYS_FILE = demo_keys
    return demo_keys


@pytest.fixture(scope="module")
def protocol() -> bytes:
    return html_to_pdf(PROTOCOL_HTML).content
