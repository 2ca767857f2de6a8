"""How a decision is appealed (laglighetsprövning, KL 13 kap.), in plain
words: the one text that the notice of signing prints (in Swedish, as the
minutes are) and the notice board shows (in the reader's language)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from organisation.models import Municipality


@dataclass(frozen=True)
class AppealRule:
    question: str
    answer: str


def appeal_rules(municipality: Municipality) -> list[AppealRule]:
    """Who may appeal, by when, to which court and what it tries, for the
    organisation's decisions; in the active language."""
    region = municipality.kind == Municipality.Kind.REGION
    organisation = _("regionen") if region else _("kommunen")
    organisations = _("regionens") if region else _("kommunens")
    court = municipality.administrative_court or _("förvaltningsrätten")
    rules = [
        AppealRule(
            _("Vem får överklaga?"),
            _("Alla som är medlemmar i %(organisation)s: den som är folkbokförd där, äger fast egendom där eller "
              "betalar kommunalskatt där (KL 1 kap. 8 §). Du behöver inte själv vara berörd av beslutet.")
            % {"organisation": organisation}),
        AppealRule(
            _("När?"),
            _("Överklagandet ska ha kommit in till domstolen inom tre veckor från den dag då anslaget om att "
              "protokollet justerats sattes upp på %(organisations)s anslagstavla (KL 13 kap. 5 §). Den sista "
              "dagen står i anslaget.") % {"organisations": organisations}),
        AppealRule(
            _("Vart?"),
            _("Skicka överklagandet till %(court)s, inte till %(organisation)s. Skriv vilket beslut du överklagar "
              "(organ, sammanträdesdatum och paragraf), varför du anser att det är olagligt och vilken ändring du "
              "vill ha.") % {"court": court, "organisation": organisation}),
        AppealRule(
            _("Vad prövar domstolen?"),
            _("Bara om beslutet är lagligt (laglighetsprövning, KL 13 kap. 8 §): om det har kommit till på rätt "
              "sätt, om det gäller något som %(organisation)s får ta hand om, om organet har gått utöver sina "
              "befogenheter och om beslutet strider mot lag eller annan författning. Domstolen kan upphäva "
              "beslutet men inte sätta ett annat i dess ställe. Beslut som bara förbereder eller verkställer ett "
              "annat beslut kan inte överklagas (KL 13 kap. 2 §).") % {"organisation": organisation}),
    ]
    # A citation is not broken before its § at the end of a line.
    return [AppealRule(rule.question, rule.answer.replace(" §", "\u00a0§")) for rule in rules]
