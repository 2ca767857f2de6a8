"""Choosing one of the bodies' planned meetings in a form: a step at a
meeting names a meeting of the meeting plan, never a typed date (which would
make a public meeting as a side effect)."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from lib.forms import ModelChoiceField
from lib.swedish import join_list
from organisation.models import Meeting


def meeting_label(meeting: Meeting) -> str:
    """A planned meeting as a choice names it: "2022-01-25 kl. 13.00, Sessionssalen"."""
    label = f"{meeting.date:%Y-%m-%d}"
    if meeting.starts_at:
        label += " " + _("kl. %(time)s") % {"time": f"{meeting.starts_at:%H.%M}"}
    return f"{label}, {meeting.place}" if meeting.place else label


class MeetingChoiceField(ModelChoiceField):
    """One of the planned meetings of the given bodies, each labelled with
    its date, time and place, grouped under its body when there are several.
    With none to choose, the help text says so and leads to the meeting plan."""

    default_error_messages = {
        "required": _("Välj ett sammanträde."),
        "invalid_choice": _("Välj ett av de planerade sammanträdena."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Sammanträde"))
        kwargs.setdefault("empty_label", _("Välj sammanträde"))
        super().__init__(queryset=Meeting.objects.none(), **kwargs)

    def offer(self, meetings, *, bodies) -> None:
        """Offer `meetings` (a queryset of `bodies`' meetings, in order)."""
        self.queryset = meetings.select_related("body")
        grouped = len({body.pk for body in bodies}) > 1
        if grouped:
            groups: dict[str, list] = {}
            for meeting in self.queryset:
                groups.setdefault(meeting.body.name, []).append((meeting.pk, meeting_label(meeting)))
            self.choices = [("", self.empty_label), *groups.items()]
        if not self.queryset.exists():
            names = join_list([body.name for body in bodies])
            query = {"organ": bodies[0].pk} if len(bodies) == 1 else {}
            url = reverse("decisions:meeting_plan") + ("?" + urlencode(query) if query else "")
            self.help_text = format_html(
                '{} <a href="{}">{}</a>',
                _("%(bodies)s har inga planerade sammanträden att välja.") % {"bodies": names},
                url, _("Lägg in dem i sammanträdesplanen"),
            )

    def label_from_instance(self, meeting):
        return meeting_label(meeting)
