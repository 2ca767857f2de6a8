"""A user's own e-mail settings: digest or at once, Swedish or English."""

from django.test import Client

from accounts.models import Delivery, EmailSettings, Language
from accounts.roles import email_settings_of


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_user_who_never_chose_gets_a_daily_digest_in_swedish(councillor):
    settings = email_settings_of(councillor)
    assert (settings.delivery, settings.language) == (Delivery.DIGEST, Language.SWEDISH)
    assert not EmailSettings.objects.exists()


def test_the_menu_links_to_the_settings_page_where_the_user_changes_their_own(councillor, registry_user):
    councillor.email = "ledamot@kommun.se"
    councillor.save()
    client = client_for(councillor)
    page = client.get("/").content.decode()
    assert 'href="/konto/installningar/"' in page and "Mina inställningar" in page
    response = client.get("/konto/installningar/")
    assert "E-post skickas till ledamot@kommun.se." in response.content.decode()
    assert (response.context["form"]["delivery"].value(), response.context["form"]["language"].value()) == (
        "digest", "sv")
    response = client.post("/konto/installningar/", {"delivery": "immediate", "language": "en"}, follow=True)
    assert "Dina inställningar är sparade." in response.content.decode()
    settings = EmailSettings.objects.get(user=councillor)
    assert (settings.delivery, settings.language) == ("immediate", "en")
    assert not EmailSettings.objects.filter(user=registry_user).exists()  # nobody else's
    form = client.get("/konto/installningar/").context["form"]
    assert (form["delivery"].value(), form["language"].value()) == ("immediate", "en")


def test_a_bad_choice_is_refused_at_its_field_and_nothing_is_saved(councillor):
    response = client_for(councillor).post("/konto/installningar/", {"delivery": "weekly", "language": "fi"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Formuläret behöver rättas" in page
    assert set(response.context["form"].errors) == {"delivery", "language"}  # both at once, at their fields
    assert not EmailSettings.objects.exists()


def test_a_user_without_an_email_address_is_told(councillor):
    page = client_for(councillor).get("/konto/installningar/").content.decode()
    assert "Ditt konto saknar e-postadress" in page


def test_anonymous_is_sent_to_sign_in_and_nothing_is_saved(db):
    response = Client().post("/konto/installningar/", {"delivery": "immediate", "language": "en"})
    assert response.status_code == 302 and response["Location"].startswith("/konto/logga-in/")
    assert not EmailSettings.objects.exists()


def test_the_admin_edits_a_users_email_settings(administrator, councillor):
    page = client_for(administrator).get(f"/admin/auth/user/{councillor.pk}/change/").content.decode()
    assert "email_settings-0-delivery" in page
