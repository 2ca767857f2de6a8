import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask


def _schedule(model, **fields):
    """The schedule with these fields, made if missing. Not get_or_create: schedules have no unique
    constraint, and one made twice in the administration would stop the command."""
    return model.objects.filter(**fields).order_by("pk").first() or model.objects.create(**fields)


class Command(BaseCommand):
    help = ("Lägger in bevakningens schema för Celery beat (ändras sedan i administrationen). "
            "Scheman som redan finns lämnas som de är.")

    def handle(self, *args, **options):
        tz = settings.TIME_ZONE
        daily = _schedule(CrontabSchedule, minute="0", hour="7", day_of_week="*", day_of_month="*",
                          month_of_year="*", timezone=tz)
        months = ",".join(str(month) for month in settings.REPORT_MONTHS)
        twice_a_year = _schedule(CrontabSchedule, minute="0", hour="6", day_of_week="*", day_of_month="1",
                                 month_of_year=months, timezone=tz)
        every_minute = _schedule(IntervalSchedule, every=1, period=IntervalSchedule.MINUTES)
        tasks = [
            ("Bevaka tidsfrister", "reminders.tasks.watch_deadlines", {"crontab": daily}),
            ("E-post om bevakade ärenden", "reminders.tasks.notify_followers", {"interval": every_minute}),
            ("Redovisning av motioner som inte beretts färdigt", "reminders.tasks.produce_report",
             {"crontab": twice_a_year}),
        ]
        for name, task, schedule in tasks:
            _, created = PeriodicTask.objects.get_or_create(
                name=name, defaults={"task": task, "args": json.dumps([]), **schedule})
            self.stdout.write(f"{'Lade in' if created else 'Finns redan'}: {name}")
