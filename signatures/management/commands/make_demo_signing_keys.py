"""Demo signing keys: a certificate authority of the demo's own and, issued by it, a key and
certificate for each organisation, named in the keys file (signatures.keys).

Nothing here is for real use: the authority is trusted by nobody but this installation, its
name says so, and the keys' passphrases are written in the keys file beside them. A real
installation gets its certificates from a real authority and names them in the file by hand.

Run again, it keeps what is there: the authority, and every organisation already in the file;
only organisations that are new get a key. Each file is written whole or not at all (a
temporary file renamed), so an interrupted run leaves nothing half-written.
"""

import datetime
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from organisation.models import Municipality

CA_NAME = "Motionsregistret DEMO-CA – inte för verkligt bruk"
CA_KEY = "demo-ca.key.pem"
CA_CERTIFICATE = "demo-ca.cert.pem"
KEYS_FILE = "keys.json"
DEMO_UNIT = "DEMO – inte för verkligt bruk"
CA_YEARS = 10
KEY_YEARS = 5
# Valid from long before they are made: the demo signs minutes of 2022 on their days, and a signature
# is checked as of its recorded signing time (decisions.selectors.signatures).
VALID_FROM = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


class Command(BaseCommand):
    help = "Skapar demonstrationens certifikatutfärdare och en signeringsnyckel för varje organisation."

    def add_arguments(self, parser):
        parser.add_argument("--directory", type=Path,
                            help="mapp att skriva nycklarna i (standard: mappen för SIGNING_KEYS_FILE, var/signing/)")
        parser.add_argument("--organisation", action="append", dest="organisations", metavar="NAMN",
                            help="organisationens namn (kan anges flera gånger; standard: alla i databasen)")

    def handle(self, *args, directory, organisations, **options):
        folder = Path(directory or Path(settings.SIGNING_KEYS_FILE).parent)
        names = organisations or list(Municipality.objects.order_by("name").values_list("name", flat=True))
        try:
            folder.mkdir(parents=True, exist_ok=True)
            made = make_demo_keys(folder, names)
        except OSError as error:
            raise CommandError(f"{folder}: kan inte skrivas ({error.strerror or error})") from None
        except ValueError as error:
            raise CommandError(f"{folder}: {error}") from None
        kept = len(names) - len(made.issued)
        self.stdout.write(
            f"Demo-signeringsnycklar i {folder}: {len(made.issued)} nya, {kept} fanns redan"
            f" ({'ny' if made.new_ca else 'befintlig'} DEMO-CA)."
        )


@dataclass(frozen=True)
class Made:
    new_ca: bool
    issued: list[str]


def make_demo_keys(folder: Path, names: list[str]) -> Made:
    """Ensure the authority and a key for each of `names` in `folder`; what was made."""
    ca_key, ca_certificate, new_ca = _authority(folder)
    keys_path = folder / KEYS_FILE
    entries = _read_entries(keys_path)
    issued = []
    for name in names:
        entry = entries.get(name)
        # Keys issued by an authority made anew (its files were removed) would no longer be
        # trusted: they are issued again.
        if entry is not None and not (new_ca and CA_CERTIFICATE in entry.get("trust", [])):
            continue
        entries[name] = _issue(folder, name, ca_key, ca_certificate, taken=_files_taken(entries, name))
        issued.append(name)
    if issued or not keys_path.exists():
        _write(keys_path, (json.dumps(entries, ensure_ascii=False, indent=2) + "\n").encode())
    return Made(new_ca, issued)


def _authority(folder: Path):
    key_path, certificate_path = folder / CA_KEY, folder / CA_CERTIFICATE
    if certificate_path.exists() or key_path.exists():
        try:
            key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
            certificate = x509.load_pem_x509_certificate(certificate_path.read_bytes())
        except (OSError, ValueError, TypeError) as error:
            raise ValueError(f"demo-CA:n ({CA_KEY}, {CA_CERTIFICATE}) kan inte läsas ({error}); "
                             "ta bort båda filerna för att skapa en ny.") from None
        return key, certificate, False
    key = _new_key()
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Motionsregistret"),
        x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME),
    ])
    now = _now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(VALID_FROM)
        .not_valid_after(now + datetime.timedelta(days=365 * CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False,
        ), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    # The authority's key is kept unencrypted: it is the demo's, trusted by nothing else.
    _write(key_path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    _write(certificate_path, certificate.public_bytes(serialization.Encoding.PEM))
    return key, certificate, True


def _issue(folder: Path, name: str, ca_key, ca_certificate, *, taken: set[str]) -> dict:
    key = _new_key()
    now = _now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([
            x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, DEMO_UNIT),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{name} (DEMO)"),
        ]))
        .issuer_name(ca_certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(VALID_FROM)
        .not_valid_after(min(now + datetime.timedelta(days=365 * KEY_YEARS), ca_certificate.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False,
        ), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    stem = _stem(name, taken)
    passphrase = secrets.token_urlsafe(18)
    _write(folder / f"{stem}.key.pem", key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode())))
    _write(folder / f"{stem}.cert.pem", certificate.public_bytes(serialization.Encoding.PEM))
    return {
        "key": f"{stem}.key.pem",
        "certificate": f"{stem}.cert.pem",
        "chain": [CA_CERTIFICATE],
        "trust": [CA_CERTIFICATE],
        # The demo's own; a real key's passphrase is read from the environment ("passphrase_env").
        "passphrase": passphrase,
    }


def _stem(name: str, taken: set[str]) -> str:
    """A file name for the organisation's key: its name in ASCII ("region-vasternorrland"),
    numbered when another organisation's files have it."""
    base = slugify(name) or "organisation"
    stem, number = base, 1
    while f"{stem}.key.pem" in taken:
        number += 1
        stem = f"{base}-{number}"
    return stem


def _files_taken(entries: dict, name: str) -> set[str]:
    return {entry.get("key") for other, entry in entries.items() if other != name and isinstance(entry, dict)}


def _read_entries(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{KEYS_FILE} kan inte läsas ({error}).") from None
    if not isinstance(entries, dict):
        raise ValueError(f"{KEYS_FILE} ska vara ett JSON-objekt med organisationernas namn.")
    return entries


def _write(path: Path, content: bytes) -> None:
    """Write the file whole (a temporary file beside it, renamed), readable by its owner only:
    the keys and their passphrases are in these files."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _new_key():
    """RSA, not elliptic curves: pyHanko marks a document signed with an ECDSA key as PDF 2.0
    (ISO 32002), and the minutes are PDF/A-3, which is PDF 1.7."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)
