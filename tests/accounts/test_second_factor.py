"""A second factor (TOTP, django-otp) for the registry and the administrators."""

import re
from html import unescape

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

ENROL = "/konto/tvastegsverifiering/"
CODE = "/konto/logga-in/kod/"
REGISTRY_PAGE = "/arenden/ny/"


def code_for(device, *, later: int = 0) -> str:
    """The code the user's app shows now (or `later` steps of 30 s from now)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + later * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in(client, user, next_page="/"):
    return client.post(f"/konto/logga-in/?next={next_page}", {"username": user.username, "password": "demo"})


@pytest.fixture
def no_waiting(settings):
    # A wrong code makes the next wait a second (test_repeated_wrong_codes_are_slowed_down).
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def test_the_registry_enrols_an_app_with_the_secret_a_link_and_a_qr_code_and_confirms_it(registry_user,
                                                                                         no_waiting):
    client = Client()
    client.force_login(registry_user)
    page = client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=registry_user, confirmed=False)
    uri = unescape(re.search(r'href="(otpauth://totp/[^"]+)"', page).group(1))
    assert "issuer=Motionsregistret" in uri and f"secret={device.key.upper()}" not in page  # base32, not hex
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    assert f"secret={secret}" in uri
    # The QR code is drawn on the server as SVG: no image from anywhere else.
    assert re.search(r'<svg[^>]*class="segno"', page) and "<img" not in page.split('<main')[1]

    wrong = client.post(ENROL, {"token": "000000" if code_for(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and "Koden stämmer inte" in wrong.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed

    done = client.post(ENROL, {"token": code_for(device)})
    assert done.status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert "Påslagen" in client.get("/konto/installningar/").content.decode()


def test_a_councillor_has_no_second_factor_page(councillor):
    client = Client()
    client.force_login(councillor)
    assert client.get(ENROL).status_code == 403


def test_signing_in_with_a_device_asks_for_a_code_before_the_page(registry_user, no_waiting):
    device = enrolled(registry_user)
    client = Client()
    response = sign_in(client, registry_user, next_page=REGISTRY_PAGE)
    # The password is right: on to the page asked for, which asks for the code first.
    asked = client.get(response["Location"])
    assert asked.status_code == 302 and asked["Location"].startswith(CODE)
    page = client.get(asked["Location"])
    assert "Ange kod" in page.content.decode()

    wrong = client.post(asked["Location"], {"token": code_for(device, later=5), "next": REGISTRY_PAGE})
    assert wrong.status_code == 200 and "Koden stämmer inte" in wrong.content.decode()
    assert client.get(REGISTRY_PAGE).status_code == 302  # still not verified

    right = client.post(asked["Location"], {"token": code_for(device), "next": REGISTRY_PAGE})
    assert right.status_code == 302 and right["Location"] == REGISTRY_PAGE
    assert client.get(REGISTRY_PAGE).status_code == 200


@pytest.mark.parametrize("page", ["/arenden/ny/", "/admin/", "/"])
def test_a_session_not_verified_is_refused_the_registrys_pages_and_the_admin(registry_user, administrator, page):
    for user in (registry_user, administrator):
        enrolled(user)
        client = Client()
        client.force_login(user)  # the password only
        response = client.get(page)
        assert response.status_code == 302 and response["Location"].startswith(CODE)


def test_without_a_device_nothing_changes_unless_the_installation_requires_one(registry_user, councillor, settings):
    client = Client()
    client.force_login(registry_user)
    assert client.get(REGISTRY_PAGE).status_code == 200
    settings.OTP_REQUIRED_FOR_REGISTRY = True
    response = client.get(REGISTRY_PAGE)
    assert response.status_code == 302 and response["Location"].startswith(ENROL)
    # Others are not asked.
    other = Client()
    other.force_login(councillor)
    assert other.get("/").status_code == 200


def test_repeated_wrong_codes_are_slowed_down(registry_user):
    device = enrolled(registry_user)
    client = Client()
    client.force_login(registry_user)
    wrong = code_for(device, later=7)
    for _attempt in range(3):
        client.post(CODE, {"token": wrong})
    refused = client.post(CODE, {"token": code_for(device)})
    assert "För många felaktiga koder" in refused.content.decode()
