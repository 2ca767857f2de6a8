"""Password guessing is locked out (django-axes): per user at an address, and per address."""

import pytest
from django.test import Client

LOGIN = "/konto/logga-in/"


@pytest.fixture(autouse=True)
def no_attempts_left_over(db):
    from axes.utils import reset

    reset()
    yield
    reset()


def sign_in(client, username, password, address="192.0.2.10"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_wrong_passwords_lock_the_user_out_with_a_page_in_swedish(registry_user):
    client = Client()
    for _attempt in range(4):
        refused = sign_in(client, registry_user.username, "fel")
        assert refused.status_code == 200 and "ange ett korrekt användarnamn" in refused.content.decode().lower()
    locked = sign_in(client, registry_user.username, "fel")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Inloggningen är spärrad" in page and "15 minuter" in page
    assert "Kontakta registraturen eller administratören" in page
    # The right password is refused during the lock-out, and no session is opened.
    again = sign_in(client, registry_user.username, "demo")
    assert again.status_code == 429 and "_auth_user_id" not in client.session


def test_the_lock_out_is_the_users_at_that_address(registry_user, councillor):
    for _attempt in range(5):
        sign_in(Client(), registry_user.username, "fel")
    # The same user from another address, and another user from the same one, still sign in.
    assert sign_in(Client(), registry_user.username, "demo", address="198.51.100.7").status_code == 302
    assert sign_in(Client(), councillor.username, "demo").status_code == 302


def test_an_address_guessing_many_users_is_locked_out_at_its_own_higher_limit(registry_user, councillor, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 12
    for attempt in range(11):
        assert sign_in(Client(), f"gissning{attempt}", "fel").status_code == 200
    assert sign_in(Client(), "gissning11", "fel").status_code == 429
    # Every user at that address is locked out now, the others' addresses not.
    assert sign_in(Client(), councillor.username, "demo").status_code == 429
    assert sign_in(Client(), councillor.username, "demo", address="198.51.100.7").status_code == 302


def test_behind_the_proxy_the_client_is_the_address_the_proxy_saw(registry_user, councillor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _attempt in range(5):
        Client().post(LOGIN, {"username": registry_user.username, "password": "fel"}, REMOTE_ADDR="127.0.0.1",
                      HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.5")
    # What the client wrote itself (10.9.9.9) is not its address; what the proxy added is.
    locked = Client().post(LOGIN, {"username": registry_user.username, "password": "demo"}, REMOTE_ADDR="127.0.0.1",
                           HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert locked.status_code == 429
    other = Client().post(LOGIN, {"username": registry_user.username, "password": "demo"}, REMOTE_ADDR="127.0.0.1",
                          HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.6")
    assert other.status_code == 302


def test_a_user_name_longer_than_any_is_refused_and_recorded_cut(db):
    """The lock-out's record holds a user name as long as one can be, not what was sent (5,000 characters
    would not fit its column: a 500 on PostgreSQL)."""
    from axes.models import AccessAttempt

    response = sign_in(Client(), "9" * 5000, "fel")
    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "9" * 150
