import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

REPORT_TASK = "Redovisning av motioner som inte beretts färdigt"
RENDER_SWEEP_TASK = "Protokoll som väntar på bakgrundstjänsten"
OPEN_DATA_TASK = "Öppna data: nattlig export"
SIGNING_MAIL_TASK = "E-post till justerare som väntar på bakgrundstjänsten"


def _schedule(model, **fields):
    """The schedule with these fields, made if missing. Not get_or_create: schedules have no unique
    constraint, and one made twice in the administration would stop the command."""
    return model.objects.filter(**fields).order_by("pk").first() or model.objects.create(**fields)


class Command(BaseCommand):
    help = ("Lägger in bevakningens schema för Celery beat (ändras sedan i administrationen): "
            "tidsfristerna varje dag kl. 7, e-post om bevakade ärenden varje minut (den skickar också "
            "utskick som väntat på bakgrundstjänsten), protokoll som väntar var 15:e sekund, e-post till justerare "
            "som väntar varje minut och redovisningen av "
            "motioner som inte beretts färdigt den 1:a varje månad kl. 6, öppna data (OParl) som en fil per "
            "organisation varje natt kl. 2. Varje organisations redovisning tas "
            "bara fram de månader som dess arbetsordning anger (Organisation: månader för redovisning, "
            "till exempel [4, 10]). Scheman som redan finns lämnas som "
            "de är.")

    def handle(self, *args, **options):
        tz = settings.TIME_ZONE
        daily = _schedule(CrontabSchedule, minute="0", hour="7", day_of_week="*", day_of_month="*",
                          month_of_year="*", timezone=tz)
        # Every month: the task itself asks each organisation's rules of procedure whether it is a report month.
        monthly = _schedule(CrontabSchedule, minute="0", hour="6", day_of_week="*", day_of_month="1",
                            month_of_year="*", timezone=tz)
        every_minute = _schedule(IntervalSchedule, every=1, period=IntervalSchedule.MINUTES)
        # At night, when few read the site: each organisation's open data written as one file (public.oparl.dump).
        nightly = _schedule(CrontabSchedule, minute="0", hour="2", day_of_week="*", day_of_month="*",
                            month_of_year="*", timezone=tz)
        # With RENDER_STALE_AFTER (45 s), a render whose worker died is queued again within a minute.
        every_15_seconds = _schedule(IntervalSchedule, every=15, period=IntervalSchedule.SECONDS)
        tasks = [
            ("Bevaka tidsfrister", "reminders.tasks.watch_deadlines", {"crontab": daily}),
            ("E-post om bevakade ärenden", "reminders.tasks.notify_followers", {"interval": every_minute}),
            (REPORT_TASK, "reminders.tasks.produce_report", {"crontab": monthly}),
            (RENDER_SWEEP_TASK, "decisions.tasks.requeue_renders", {"interval": every_15_seconds}),
            (SIGNING_MAIL_TASK, "decisions.tasks.send_waiting_signing_requests", {"interval": every_minute}),
            # Named, not imported: the public app sits above this one.
            (OPEN_DATA_TASK, "public.tasks.write_oparl_dumps", {"crontab": nightly}),
        ]
        for name, task, schedule in tasks:
            periodic, created = PeriodicTask.objects.get_or_create(
                name=name, defaults={"task": task, "args": json.dumps([]), **schedule})
            self.stdout.write(f"{'Lade in' if created else 'Finns redan'}: {name}")
            crontab = periodic.crontab
            if name == REPORT_TASK and crontab is not None and crontab.month_of_year != "*":
                # Installed before the months became the organisation's setting.
                self.stdout.write(f"  Obs: schemat körs bara månaderna {crontab.month_of_year}; arbetsordningens "
                                  "månader gäller bara de månaderna. Ändra schemat till varje månad i "
                                  "administrationen.")
