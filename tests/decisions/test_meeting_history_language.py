"""The meeting's history in the reader's language: the choice labels and words the system wrote into it
are kept in Swedish in the record and shown translated on the English meeting page."""

import re

from django.test import Client

from decisions.services.meetings import add_other_matter, record_other_matter
from organisation.models import MeetingEvent
from organisation.services import meeting_on
from tests.conftest import d


def history(registry_user, meeting, language) -> str:
    client = Client()
    client.force_login(registry_user)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    html = client.get(meeting.get_absolute_url()).content.decode()
    section = html[html.index('id="historik"'):]
    return " ".join(re.sub(r"<[^>]+>", " ", section[:section.index("</ol>")]).split())


def test_the_english_meeting_history_shows_labels_in_english(body, registry_user, registrar):
    meeting = meeting_on(body("Kommunstyrelsen"), d("2021-09-06"), by=registrar)
    meeting_on(body("Kommunstyrelsen"), d("2021-09-06"), place="Stadshuset", by=registrar)
    record_other_matter(add_other_matter(meeting, title="Val av justerare", by=registrar),
                        decision_text="Erik Sandberg utses att justera.", by=registrar)
    english = history(registry_user, meeting, "en")
    assert "Meeting details changed: Venue (Stadshuset)" in english
    assert "Paragraph minuted: § 1 Val av justerare (Other matter)" in english
    assert "Övrigt ärende" not in english and "Plats" not in english
    swedish = history(registry_user, meeting, "sv")
    assert "Paragraf protokollförd: § 1 Val av justerare (Övrigt ärende)" in swedish
    # The record keeps Swedish.
    recorded = MeetingEvent.objects.get(meeting=meeting, kind="paragraph_recorded")
    assert (recorded.description, recorded.to_value) == ("§ 1 Val av justerare", "Övrigt ärende")
