import datetime

from django.core.management.base import BaseCommand, CommandError

from cases.generated import generate_cases
from lib.errors import DomainError


class Command(BaseCommand):
    help = ("Skapar påhittade ärenden i nationell skala för att mäta produkten: upp till 311 organisationer "
            "med organ, partier, ledamöter, sammanträden och 20 års motioner med remisser, svar, paragrafer och "
            "händelser. Fyller bara en databas utan ärenden.")

    def add_arguments(self, parser):
        parser.add_argument("--motions", type=int, required=True, metavar="N", help="antal motioner, t.ex. 1000000")
        parser.add_argument("--seed", type=int, default=1, help="samma frö ger samma data (standard 1)")
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None, metavar="ÅÅÅÅ-MM-DD",
                            help="dagen berättelserna klipps vid (standard i dag)")

    def handle(self, *args, motions, seed, today, **options):
        out = self.stdout.write if options["verbosity"] > 1 else None
        try:
            result = generate_cases(motions, seed=seed, today=today, out=out)
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"{result['motions']} motioner i {result['organisations']} organisationer på "
                          f"{result['seconds']:.0f} s.")
