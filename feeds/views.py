"""The Atom feeds (Django's syndication framework) and the iCalendar files:
public, the same for everyone, each answered with an ETag of its content (a
reader polling an unchanged feed gets 304: urls.py wraps each view in
conditional_page) and kept by the reader for a few minutes.

No Last-Modified: an entry is dated by its step (the day a motion was filed,
minutes signed), and one registered late, or withdrawn from the web after
review, leaves the latest date as it was; a reader asking "modified since?"
would miss it. The ETag changes with every byte."""

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import feedgenerator, timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import conditional_page, require_GET

from feeds import calendars, entries
from motions.models import Motion
from organisation.models import Body, Municipality

# How long a reader or proxy may keep a feed before asking again (its ETag then often saves the body).
KEPT_SECONDS = 300


def _kept(response):
    patch_cache_control(response, max_age=KEPT_SECONDS)
    return response


class ChannelFeed(Feed):
    """An Atom feed of an entries.Channel, which `channel` builds for the
    object in the address (404 for an id no row has)."""

    feed_type = feedgenerator.Atom1Feed

    def channel(self, request, **kwargs) -> entries.Channel:
        raise NotImplementedError

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        del response["Last-Modified"]  # see the module's docstring
        return _kept(response)

    def get_object(self, request, *args, **kwargs):
        return self.channel(request, **kwargs)

    def title(self, channel):
        return channel.title

    def subtitle(self, channel):
        return channel.subtitle

    def link(self, channel):
        return channel.link

    def feed_guid(self, channel):
        return channel.id

    def author_name(self, channel):
        return channel.author

    def items(self, channel):
        return channel.entries

    def item_title(self, entry):
        return entry.title  # Atom's title is text: written escaped, never read as HTML

    def item_description(self, entry):
        return entry.summary

    def item_link(self, entry):
        return entry.link

    def item_guid(self, entry):
        return entry.id

    def item_pubdate(self, entry):
        return entry.published

    def item_updateddate(self, entry):
        return entry.updated

    def item_author_name(self, entry):
        return entry.author

    def item_enclosures(self, entry):
        enclosure = entry.enclosure
        if enclosure is None:
            return []
        return [feedgenerator.Enclosure(enclosure.url, str(enclosure.size), enclosure.mime_type)]


class OrganisationMotionsFeed(ChannelFeed):
    def channel(self, request, *, municipality_id):
        return entries.organisation_motions_channel(get_object_or_404(Municipality, pk=municipality_id),
                                                    request.build_absolute_uri)


class OrganisationDecisionsFeed(ChannelFeed):
    def channel(self, request, *, municipality_id):
        return entries.organisation_decisions_channel(get_object_or_404(Municipality, pk=municipality_id),
                                                      request.build_absolute_uri, today=timezone.localdate())


class OrganisationMinutesFeed(ChannelFeed):
    def channel(self, request, *, municipality_id):
        return entries.organisation_minutes_channel(get_object_or_404(Municipality, pk=municipality_id),
                                                    request.build_absolute_uri)


class BodyMotionsFeed(ChannelFeed):
    def channel(self, request, *, body_id):
        return entries.body_motions_channel(get_object_or_404(Body, pk=body_id), request.build_absolute_uri)


class BodyDecisionsFeed(ChannelFeed):
    def channel(self, request, *, body_id):
        return entries.body_decisions_channel(get_object_or_404(Body, pk=body_id), request.build_absolute_uri,
                                              today=timezone.localdate())


class BodyMinutesFeed(ChannelFeed):
    def channel(self, request, *, body_id):
        return entries.body_minutes_channel(get_object_or_404(Body, pk=body_id), request.build_absolute_uri)


class CaseFeed(ChannelFeed):
    def channel(self, request, *, case_number):
        motion = get_object_or_404(Motion.objects.select_related("municipality").only(
            "pk", "case_number", "title", "municipality__name"), case_number=case_number)
        return entries.case_channel(motion, request.build_absolute_uri, today=timezone.localdate())


def _calendar_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=calendars.CONTENT_TYPE)
    # Shown by a browser, or saved under its name; a calendar program subscribes to the address itself.
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return _kept(response)


def feed_view(feed: type[ChannelFeed]):
    """The feed as a view: GET only, answered 304 when the reader has it already."""
    return require_GET(conditional_page(feed()))


@require_GET
@conditional_page
def organisation_calendar(request, municipality_id: int):
    municipality = get_object_or_404(Municipality, pk=municipality_id)
    return _calendar_response(calendars.organisation_calendar(municipality, request.build_absolute_uri,
                                                              today=timezone.localdate()), "sammantraden.ics")


@require_GET
@conditional_page
def body_calendar(request, body_id: int):
    body = get_object_or_404(Body.objects.select_related("municipality"), pk=body_id)
    return _calendar_response(calendars.body_calendar(body, request.build_absolute_uri, today=timezone.localdate()),
                              "sammantraden.ics")
