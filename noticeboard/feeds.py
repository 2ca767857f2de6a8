"""The notice board as an Atom feed: each notice as it goes up (Django's
syndication framework), linked from the board's page."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from noticeboard import access
from noticeboard.selectors import Entry, latest_posted


class NoticeBoardFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, municipality_id: int):
        return access.municipality_for(request.user, municipality_id)

    def title(self, municipality):
        return _("Anslagstavla – %(organisation)s") % {"organisation": municipality.name}

    def subtitle(self, municipality):
        return _("Kungörelser, kallelser, justerade protokoll och andra anslag på %(organisation)s anslagstavla.") % {
            "organisation": municipality.name}

    def link(self, municipality):
        return reverse("noticeboard:board", args=[municipality.pk])

    def items(self, municipality):
        return latest_posted(municipality, timezone.localdate())

    def item_title(self, entry: Entry):
        return f"{entry.kind_label}: {entry.title}"

    def item_description(self, entry: Entry):
        lines = [f"{label}: {value}" for label, value in entry.facts]
        if entry.text:
            lines += ["", entry.text]
        if entry.note:
            lines += ["", _("Nedtaget i förtid: %(reason)s") % {"reason": entry.note}]
        return "\n".join(lines)

    def item_link(self, entry: Entry):
        return entry.link

    def item_pubdate(self, entry: Entry):
        return timezone.make_aware(datetime.datetime.combine(entry.posted_on, datetime.time.min))

    def item_updateddate(self, entry: Entry):
        return self.item_pubdate(entry)

    def item_categories(self, entry: Entry):
        return [entry.kind_label]
