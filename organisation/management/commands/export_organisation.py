from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organisation.models import Municipality
from organisation.orgfile.exporter import dumps, export_organisation


class Command(BaseCommand):
    help = "Skriver ut en organisation (kommun eller region) som organisationsfil (JSON, se docs/organisation.md)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="organisationens namn, t.ex. ”Huddinge kommun”")
        parser.add_argument("-o", "--output", help="fil att skriva till (- eller inget: standard ut)")

    def handle(self, *args, name: str, output: str | None, **options):
        municipality = Municipality.objects.filter(name=name).first()
        if municipality is None:
            names = ", ".join(Municipality.objects.order_by("name").values_list("name", flat=True)) or "inga"
            raise CommandError(f"Ingen organisation heter {name} (organisationer: {names}).")
        text = dumps(export_organisation(municipality))
        if output in (None, "-"):
            self.stdout.write(text, ending="")
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{output}: kan inte skrivas ({error})") from None
