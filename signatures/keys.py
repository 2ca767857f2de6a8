"""The organisations' signing keys and certificates, as SIGNING_KEYS_FILE names them.

The file is JSON and maps an organisation's name (Municipality.name) to its key:

    {
      "Huddinge kommun": {
        "key": "huddinge-kommun.key.pem",          # paths relative to the JSON file's folder
        "certificate": "huddinge-kommun.cert.pem",
        "chain": ["ca.cert.pem"],                  # certificates between it and the root, embedded
        "trust": ["ca.cert.pem"],                  # what its signatures are verified against
        "passphrase_env": "HUDDINGE_KEY_PASSPHRASE"  # or "passphrase": "..." (the demo's keys)
      },
      "Region Västernorrland": {
        "pkcs11": {"module": "/usr/lib/softhsm/libsofthsm2.so", "token": "motioner",
                   "key": "signing", "certificate": "signing", "pin_env": "REGION_PIN",
                   "raw_mechanism": false},
        "trust": ["region-ca.cert.pem"]
      }
    }

The key stays on the server (or in its hardware module): the organisation signs its minutes
as the secretary and the adjusters approve them; each signature's /Name says who. A problem
with the file or a key is a DomainError in Swedish that names what is missing, shown where the
signing is asked for, never a traceback.

The file and the keys are read once per process and kept: pages verify signatures often. A
change of the JSON file (its modification time) makes them read again; after replacing a key or
a certificate, touch the JSON file.
"""

import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import keys, x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.keys import load_cert_from_pemder, load_certs_from_pemder
from pyhanko.sign.signers import Signer, SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore

from lib.errors import DomainError


@dataclass(frozen=True)
class SigningKey:
    """An organisation's means of signing: pyHanko's `signer` (key and chain), its `certificate`
    and the `trust` roots its signatures are verified against (asn1crypto certificates, as
    pyHanko takes them)."""

    organisation: str
    signer: Signer
    certificate: x509.Certificate
    trust: tuple[x509.Certificate, ...]


def signing_key(municipality) -> SigningKey:
    """The organisation's signing key (a Municipality or its name); DomainError when none is
    set up or it can't be opened."""
    name = _organisation_name(municipality)
    path, loaded = _read_keys_file(name)
    entry = _entry(loaded.entries, name, path)
    with _lock:
        if name not in loaded.keys:
            loaded.keys[name] = _load_key(name, entry, path.parent)
        return loaded.keys[name]


def trust_roots(municipality) -> list[x509.Certificate]:
    """The certificates the organisation's signatures are verified against; the private key is
    not read, so a server that only verifies needs none."""
    name = _organisation_name(municipality)
    path, loaded = _read_keys_file(name)
    entry = _entry(loaded.entries, name, path)
    with _lock:
        if name not in loaded.trust:
            loaded.trust[name] = _load_trust(name, entry, path.parent)
        return list(loaded.trust[name])


# --- the file, read once per modification -----------------------------------------------------

@dataclass
class _Loaded:
    mtime_ns: int
    entries: dict
    keys: dict
    trust: dict


_lock = threading.Lock()
_cache: dict[Path, _Loaded] = {}


def _organisation_name(municipality) -> str:
    return str(getattr(municipality, "name", municipality))


def _unconfigured(name: str, what: str) -> DomainError:
    return DomainError(_("Ingen signeringsnyckel är inställd för %(organisation)s. %(what)s")
                       % {"organisation": name, "what": what})


def _read_keys_file(name: str) -> tuple[Path, "_Loaded"]:
    path = Path(settings.SIGNING_KEYS_FILE)
    try:
        mtime_ns = path.stat().st_mtime_ns
    except OSError:
        raise _unconfigured(name, _("Filen med signeringsnycklar (%(file)s) finns inte; ange den i "
                                    "SIGNING_KEYS_FILE.") % {"file": path.name}) from None
    with _lock:
        loaded = _cache.get(path)
        if loaded is not None and loaded.mtime_ns == mtime_ns:
            return path, loaded
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise _unconfigured(name, _("Filen med signeringsnycklar (%(file)s) kan inte läsas: %(error)s.")
                            % {"file": path.name, "error": error}) from None
    if not isinstance(entries, dict):
        raise _unconfigured(name, _("Filen med signeringsnycklar (%(file)s) ska vara ett JSON-objekt med "
                                    "organisationernas namn.") % {"file": path.name})
    loaded = _Loaded(mtime_ns, entries, {}, {})
    with _lock:
        replaced = _cache.get(path)
        _cache[path] = loaded
    if replaced is not None:
        for key in replaced.keys.values():
            _close(key)
    return path, loaded


def forget_keys() -> None:
    """Forget every key read, ending their PKCS#11 sessions: the next use reads the file again."""
    with _lock:
        loaded = list(_cache.values())
        _cache.clear()
    for each in loaded:
        for key in each.keys.values():
            _close(key)


def _close(key: SigningKey) -> None:
    """End the PKCS#11 session of a key read before the file changed."""
    session = getattr(key.signer, "pkcs11_session", None)
    if session is not None:
        try:
            session.close()
        except Exception:  # python-pkcs11's kinds: the session is gone either way
            pass


def _entry(entries: dict, name: str, path: Path) -> dict:
    entry = entries.get(name)
    if entry is None:
        raise _unconfigured(name, _("Organisationen saknas i filen med signeringsnycklar (%(file)s).")
                            % {"file": path.name})
    if not isinstance(entry, dict):
        raise _unconfigured(name, _("Organisationens post i %(file)s ska vara ett JSON-objekt.")
                            % {"file": path.name})
    return entry


def _paths(entry: dict, field: str, folder: Path, name: str) -> list[Path]:
    value = entry.get(field, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _unconfigured(name, _("”%(field)s” ska vara en lista med filnamn.") % {"field": field})
    return [folder / item for item in value]


def _certificates(paths: list[Path], name: str) -> tuple[x509.Certificate, ...]:
    found = []
    for path in paths:
        try:
            found.extend(load_certs_from_pemder([str(path)]))
        except (OSError, ValueError) as error:
            raise _unconfigured(name, _("Certifikatet %(file)s kan inte läsas: %(error)s.")
                                % {"file": path.name, "error": _reason(error)}) from None
    return tuple(found)


def _load_trust(name: str, entry: dict, folder: Path) -> tuple[x509.Certificate, ...]:
    trust = _certificates(_paths(entry, "trust", folder, name), name)
    if not trust:
        raise _unconfigured(name, _("”trust” saknas: de certifikat som signaturerna ska kontrolleras mot."))
    return trust


def _load_key(name: str, entry: dict, folder: Path) -> SigningKey:
    trust = _load_trust(name, entry, folder)
    chain = _certificates(_paths(entry, "chain", folder, name), name)
    if "pkcs11" in entry:
        signer = _pkcs11_signer(name, entry["pkcs11"], chain)
        try:
            certificate = signer.signing_cert
        except Exception as error:  # the module's own errors; python-pkcs11 has many kinds
            raise _unconfigured(name, _("Certifikatet kan inte hämtas från säkerhetsmodulen: %(error)s.")
                                % {"error": _reason(error)}) from None
        return SigningKey(name, signer, certificate, trust)
    for field in ("key", "certificate"):
        if not isinstance(entry.get(field), str):
            raise _unconfigured(name, _("”%(field)s” saknas i organisationens post.") % {"field": field})
    certificate_path = folder / entry["certificate"]
    try:
        certificate = load_cert_from_pemder(str(certificate_path))
    except (OSError, ValueError) as error:
        raise _unconfigured(name, _("Certifikatet %(file)s kan inte läsas: %(error)s.")
                            % {"file": certificate_path.name, "error": _reason(error)}) from None
    key_path = folder / entry["key"]
    passphrase = _secret(entry, "passphrase", name)
    try:
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=passphrase)
    except OSError as error:
        raise _unconfigured(name, _("Nyckelfilen %(file)s kan inte läsas: %(error)s.")
                            % {"file": key_path.name, "error": _reason(error)}) from None
    except (ValueError, TypeError):
        # cryptography says "Bad decrypt" (ValueError) for a wrong passphrase, a TypeError when
        # an encrypted key gets none or an unencrypted one gets one.
        raise DomainError(_("Signeringsnyckeln för %(organisation)s kan inte öppnas: lösenordet är fel eller "
                            "nyckelfilen %(file)s är skadad.") % {"organisation": name, "file": key_path.name}
                          ) from None
    public = key.public_key().public_bytes(serialization.Encoding.DER,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    if public != certificate.public_key.dump():
        raise DomainError(_("Signeringsnyckeln för %(organisation)s hör inte till certifikatet %(file)s.")
                          % {"organisation": name, "file": certificate_path.name})
    signer = SimpleSigner(
        signing_cert=certificate,
        signing_key=keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())),
        cert_registry=SimpleCertificateStore.from_certs([certificate, *chain]),
    )
    return SigningKey(name, signer, certificate, trust)


def _secret(entry: dict, kind: str, name: str) -> bytes | None:
    """The passphrase (or PIN) written in the entry (the demo's), or read from the environment
    variable it names (a real key's)."""
    variable = entry.get(f"{kind}_env")
    if variable:
        value = os.environ.get(variable)
        if value is None:
            raise _unconfigured(name, _("Miljövariabeln %(variable)s med nyckelns lösenord är inte satt.")
                                % {"variable": variable})
        return value.encode()
    value = entry.get(kind)
    return value.encode() if isinstance(value, str) else None


def _pkcs11_signer(name: str, config, chain) -> Signer:
    """A signer whose key stays in a PKCS#11 module (an HSM, a smart card, SoftHSM). The
    session is opened once and kept with the key."""
    if not isinstance(config, dict) or not config.get("module"):
        raise _unconfigured(name, _("”pkcs11” ska ange modulen (”module”)."))
    try:
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
    except ImportError:
        raise _unconfigured(name, _("Stöd för PKCS#11 (python-pkcs11) är inte installerat.")) from None
    from pkcs11.exceptions import UserAlreadyLoggedIn

    pin = _secret(config, "pin", name)
    criteria = TokenCriteria(label=config["token"]) if config.get("token") else None
    try:
        try:
            session = open_pkcs11_session(config["module"], token_criteria=criteria,
                                          user_pin=pin.decode() if pin is not None else None)
        except UserAlreadyLoggedIn:
            # The login is the process's, for all its sessions with the token: another
            # organisation's key on the same token, or the key read before the file changed.
            session = open_pkcs11_session(config["module"], token_criteria=criteria)
    except Exception as error:  # python-pkcs11 raises its own kinds for a missing module, token or PIN
        raise _unconfigured(name, _("Säkerhetsmodulen kan inte öppnas: %(error)s.")
                            % {"error": _reason(error)}) from None
    return PKCS11Signer(
        session,
        key_label=config.get("key"),
        cert_label=config.get("certificate") or config.get("key"),
        ca_chain=list(chain),
        # Modules that sign only a digest made outside them (SoftHSM's ECDSA) want "raw_mechanism": true.
        use_raw_mechanism=bool(config.get("raw_mechanism", False)),
    )


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or error.__class__.__name__
