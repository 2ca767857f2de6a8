from django.core.management.base import BaseCommand

from public.oparl.dump import write_dumps


class Command(BaseCommand):
    help = ("Skriver varje organisations öppna data (OParl) till en fil: varje offentligt objekt som gränssnittet "
            "ger det, ett JSON-objekt per rad, gzip-packat, i dokumentlagret. Filen hämtas på "
            "/oparl/body/<id>/dump.jsonl.gz; den äldre tas bort. Schemat (install_schedule) kör det varje natt.")

    def handle(self, *args, **options):
        for dump in write_dumps():
            self.stdout.write(f"{dump.municipality.name}: {dump.objects_written} objekt, "
                              f"{dump.size / 1024:.0f} kB ({dump.file.name})")
