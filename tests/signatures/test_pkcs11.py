"""A key kept in a PKCS#11 module (SoftHSM here, a hardware module in production) signs as a
key file does. Skipped where SoftHSM is not installed (Debian: apt-get install softhsm2)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from lib.errors import DomainError
from signatures.keys import forget_keys, signing_key, trust_roots
from signatures.pdf import sign_pdf, verify_pdf
from tests.signatures.conftest import HUDDINGE

MODULE = next((path for path in ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
               if Path(path).exists()), None)
pytestmark = pytest.mark.skipif(MODULE is None or not shutil.which("softhsm2-util"), reason="SoftHSM not installed")

PIN = "246810"


@pytest.fixture(autouse=True)
def logged_out():
    """Each test begins with no session open, so none is logged in to the token already."""
    forget_keys()
    yield
    forget_keys()


@pytest.fixture(scope="module")
def token(tmp_path_factory, demo_keys):
    """A SoftHSM token holding Huddinge's demo key and certificate; the keys file naming it."""
    import os

    import pkcs11
    from pkcs11 import Attribute, CertificateType, ObjectClass

    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    config = folder / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    saved = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(config)
    try:
        subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "motioner", "--pin", PIN,
                        "--so-pin", "13579"], check=True, capture_output=True)
        entry = json.loads(demo_keys.read_text())[HUDDINGE]
        key = serialization.load_pem_private_key((demo_keys.parent / entry["key"]).read_bytes(),
                                                 password=entry["passphrase"].encode())
        plain = folder / "key.pem"
        plain.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption()))
        subprocess.run(["softhsm2-util", "--import", str(plain), "--token", "motioner", "--label", "justering",
                        "--id", "01", "--pin", PIN], check=True, capture_output=True)
        plain.unlink()
        certificate = x509.load_pem_x509_certificate((demo_keys.parent / entry["certificate"]).read_bytes())
        library = pkcs11.lib(MODULE)
        with library.get_token(token_label="motioner").open(user_pin=PIN, rw=True) as session:
            session.create_object({
                Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True, Attribute.LABEL: "justering", Attribute.ID: b"\x01",
                Attribute.VALUE: certificate.public_bytes(serialization.Encoding.DER),
                Attribute.SUBJECT: certificate.subject.public_bytes(),
            })
        keys = folder / "keys.json"
        keys.write_text(json.dumps({HUDDINGE: {
            "pkcs11": {"module": MODULE, "token": "motioner", "key": "justering", "certificate": "justering",
                       "pin_env": "TEST_SIGNING_PIN"},
            "trust": [str(demo_keys.parent / item) for item in entry["trust"]],
        }}))
        yield keys
    finally:
        if saved is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = saved


def test_a_key_in_a_pkcs11_module_signs(settings, token, protocol, monkeypatch):
    monkeypatch.setenv("SOFTHSM2_CONF", str(token.parent / "softhsm2.conf"))
    monkeypatch.setenv("TEST_SIGNING_PIN", PIN)
    settings.SIGNING_KEYS_FILE = token

    key = signing_key(HUDDINGE)
    signed = sign_pdf(protocol, key=key, signer_name="Sara Åkesson", field_name="justering-1", box=0,
                      reason="Justering av protokoll", location="Huddinge")

    result = verify_pdf(signed, trust=trust_roots(HUDDINGE))
    assert result.valid, result.problem
    assert result.signatures[0].signer_name == "Sara Åkesson"
    assert key.certificate.subject.native["common_name"] == "Huddinge kommun (DEMO)"


def test_a_missing_pin_is_refused_in_swedish(settings, token, monkeypatch):
    monkeypatch.setenv("SOFTHSM2_CONF", str(token.parent / "softhsm2.conf"))
    monkeypatch.delenv("TEST_SIGNING_PIN", raising=False)
    entry = json.loads(token.read_text())
    copy = token.parent / "keys-without-pin.json"
    copy.write_text(json.dumps(entry))
    settings.SIGNING_KEYS_FILE = copy

    with pytest.raises(DomainError, match="Miljövariabeln TEST_SIGNING_PIN"):
        signing_key(HUDDINGE)


def test_a_wrong_pin_is_refused_in_swedish(settings, token, monkeypatch):
    monkeypatch.setenv("SOFTHSM2_CONF", str(token.parent / "softhsm2.conf"))
    monkeypatch.setenv("TEST_SIGNING_PIN", "000000")
    copy = token.parent / "keys-wrong-pin.json"
    copy.write_text(token.read_text())
    settings.SIGNING_KEYS_FILE = copy

    with pytest.raises(DomainError, match="Säkerhetsmodulen kan inte öppnas"):
        signing_key(HUDDINGE)


def test_a_module_that_fails_to_sign_is_a_refusal_in_swedish(settings, token, protocol, monkeypatch):
    """The session ended under the key (the module restarted, say): python-pkcs11's error is a refusal."""
    monkeypatch.setenv("SOFTHSM2_CONF", str(token.parent / "softhsm2.conf"))
    monkeypatch.setenv("TEST_SIGNING_PIN", PIN)
    settings.SIGNING_KEYS_FILE = token
    key = signing_key(HUDDINGE)
    key.signer.pkcs11_session.close()

    with pytest.raises(DomainError, match="Signeringsnyckeln för Huddinge kommun i säkerhetsmodulen svarar inte"):
        sign_pdf(protocol, key=key, signer_name="Sara Åkesson", field_name="justering-1", box=0,
                 reason="Justering av protokoll", location="Huddinge")
