"""The words of the generated cases: Swedish nouns of municipal and regional
matters with their four forms (bänk, bänken, bänkar, bänkarna), compounds of
them (skolgård, cykelväg, äldreboende), adjectives, verbs and places, picked
with a skewed (Zipf-like) frequency so that some words are in many cases and
others in few: enough for a search of the case list to mean something.

Written by hand, in Swedish as the register is kept; none of it is taken from
a real motion.
"""

import bisect
import itertools
import random


def forms(entry: str) -> tuple[str, str, str, str]:
    """A noun's singular, definite singular, plural and definite plural from
    "word:class" (or "word=def,plural,defplural" where it is irregular):
    a skola skolan skolor skolorna; ar bänk bänken bänkar bänkarna (pojke
    pojkar); er park parken parker parkerna; r riktlinje riktlinjen riktlinjer
    riktlinjerna; t hus huset hus husen; n område området områden områdena; en
    and et without a plural of their own (skolmat skolmaten, språk språket)."""
    if "=" in entry:
        word, rest = entry.split("=")
        return (word, *rest.split(","))
    word, kind = entry.split(":")
    if kind == "a":
        stem = word[:-1]
        return word, word + "n", stem + "or", stem + "orna"
    if kind == "ar":
        stem = word[:-1] if word.endswith("e") else word
        return word, word + ("n" if word.endswith("e") else "en"), stem + "ar", stem + "arna"
    if kind == "er":
        return word, word + ("n" if word.endswith("e") else "en"), word + ("r" if word.endswith("e") else "er"), \
            word + ("rna" if word.endswith("e") else "erna")
    if kind == "t":
        return word, word + "et", word, word + "en"
    if kind == "n":
        return word, word + "t", word + "n", word + "na"
    if kind == "r":
        return word, word + "n", word + "r", word + "rna"
    if kind in ("en", "et"):  # without a plural of its own: skolmat, språk
        return word, word + kind, word, word + kind
    raise ValueError(entry)


# Nouns that stand alone. Several are also heads of compounds below.
NOUNS = """
skola:a förskola:a bana:a hall:ar park:er bänk:ar väg:ar gata:a cykel=cykeln,cyklar,cyklarna buss:ar
tåg:t hamn:ar plats:er torg:t bibliotek:t bad:t simhall:ar idrottsplats:er lekplats:er fritidsgård:ar
ungdom:ar elev:er lärare=läraren,lärare,lärarna förälder=föräldern,föräldrar,föräldrarna barn:t pensionär:er
senior:er invånare=invånaren,invånare,invånarna medborgare=medborgaren,medborgare,medborgarna
företag:t förening:ar näringsliv:t arbetsgivare=arbetsgivaren,arbetsgivare,arbetsgivarna jobb:t
bostad:er hyresrätt:er lägenhet:er villa:a tomt:er detaljplan:er bygglov:t fastighet:er lokal:er
belysning:ar lampa:a träd:t blomma:a äng:ar skog:ar sjö:ar strand=stranden,stränder,stränderna å:ar
klimat:t energi:er solcell:er laddstolpe:ar elbil:ar vatten=vattnet,vatten,vattnen avlopp:t avfall:t
återvinning:ar matsvinn:t måltid:er skolmat:en lunch:er frukost:ar kök:t kost:en
trygghet:er brott:t kamera:a polis:er väktare=väktaren,väktare,väktarna fältassistent:er
nattvandrare=nattvandraren,nattvandrare,nattvandrarna
vård:en omsorg:er hemtjänst:er äldreboende:n boende:n sjukhus:t vårdcentral:er akut:er ambulans:er
tandvård:en psykiatri:er hälsa:a folkhälsa:a missbruk:t beroende:n ensamhet:er
kultur:er konst:er musik:en teater:ar museum=museet,museer,museerna kulturskola:a festival:er
idrott:er motion:er simning:ar fotboll:ar ishall:ar spår:t elljusspår:t utegym:t
trafik:en hastighet:er övergångsställe:n busshållplats:er pendelparkering:ar parkering:ar tunnel:ar bro:ar
kollektivtrafik:en färdtjänst:er skolskjuts:ar resa:a avgift:er taxa:a kostnad:er budget:ar
utredning:ar plan:er strategi:er program=programmet,program,programmen policy:er
handlingsplan:er riktlinje:r uppföljning:ar
digitalisering:ar e-tjänst:er wifi:t dator:er surfplatta:a app:ar
språk:et integration:er praktik:er sommarjobb:et feriepraktik:er
arbetsmarknad:er utbildning:ar vuxenutbildning:ar lärling:ar studie:r läxhjälp:en
jämställdhet:er tillgänglighet:er funktionsnedsättning:ar ramp:er hiss:ar toalett:er
landsbygd:er glesbygd:er tätort:er centrum=centrumet,centrum,centrumen kommundel:ar stadsdel:ar by:ar
hund:ar hundrastgård:ar djur:et häst:ar ridväg:ar fågel=fågeln,fåglar,fåglarna bi:t
räddningstjänst:er brandstation:er krisberedskap:er skyddsrum=skyddsrummet,skyddsrum,skyddsrummen
""".split()

# The parts compounds are made of: modifiers before, heads after (each head
# declined as its class).
MODIFIERS = """
skol förskole idrotts kultur äldre trafik park cykel bostads miljö energi vård barn fritids biblioteks
ungdoms familje hälso gång sol vatten stads bad sim lek natur frilufts musik konst trygghets kollektiv
närings arbets integrations språk läx skogs sjö strand hamn tåg buss gatu torg centrum by landsbygds
skärgårds fjäll bruks jord grön klimat avfalls återvinnings mat kost skyltnings belysnings snö väg
""".split()

HEADS = """
gård:ar plan:er bana:a hall:ar väg:ar område:n center=centret,center,centren tjänst:er satsning:ar
strategi:er program=programmet,program,programmen verksamhet:er plats:er hus:t lokal:er park:er
bänk:ar lampa:a stråk:et led:er skylt:ar zon:er projekt:et fond:er råd:et grupp:er
""".split()

ADJECTIVES = """
fler:fler:fler nya:nya:nya bättre:bättre:bättre trygga:trygga:trygga gröna:gröna:gröna
kostnadsfria:kostnadsfria:kostnadsfria tillgängliga:tillgängliga:tillgängliga
moderna:moderna:moderna hållbara:hållbara:hållbara säkra:säkra:säkra
upplysta:upplysta:upplysta bemannade:bemannade:bemannade utökade:utökade:utökade
""".split()

VERBS = """
Inför Bygg Anlägg Utred Satsa_på Förbättra Rusta_upp Se_över Öppna Inrätta Stärk Utveckla
Ta_fram Utöka Säkra Skapa Förläng Planera Ge_stöd_till Prioritera Renovera Bevara Återinför Möjliggör
""".split()

PLACE_PARTS = (
    "Norr Söder Väster Öster Ström Berg Sjö Lind Ek Björk Hög Lång Stor Ny Gran Al Ås Fors Mal Kvarn "
    "Hjort Rå Sol Vall Hav Sand Sten Tall Bo Ljung Mossa Ulv Örn Rön Hassel".split(),
    "köping by sund vik torp hult holm ås dal berga näs fors stad å hamn ryd boda sjö mark tuna "
    "lunda vika backa åker bro ören".split(),
)

WHY = (
    "{noun_pl} i {place} räcker inte till för de {many} som behöver dem",
    "invånarna i {place} länge har efterfrågat {adj} {noun_pl}",
    "{noun_def} i {place} är sliten och behöver rustas upp",
    "kommunen saknar en samlad plan för {noun_pl_def}",
    "{noun_pl_def} används mer än någonsin men underhålls för lite",
    "barn och unga i {place} saknar {noun_pl} nära hemmet",
    "äldre invånare har svårt att ta sig till {noun_def}",
    "{noun_def} är en viktig mötesplats som behöver utvecklas",
)

CLAUSES = (
    "att kommunen utreder behovet av {adj} {noun_pl} i {place}",
    "att {noun_def} i {place} rustas upp inom tre år",
    "att en plan för {noun_pl_def} tas fram och redovisas för fullmäktige",
    "att kommunen avsätter medel för {noun_pl} i budgeten",
    "att {noun_pl} i {place} görs tillgängliga för alla",
    "att kommunen samverkar med föreningslivet om {noun_pl_def}",
    "att uppföljningen av {noun_pl_def} redovisas årligen",
    "att {adj} {noun_pl} prioriteras i investeringsplanen",
)

ANSWERS = (
    "{body} ställer sig positiv till motionen. {noun_pl_cap} i {place} behöver utvecklas, men kostnaderna "
    "behöver prövas i det kommande budgetarbetet.",
    "{body} delar motionärens bild av behovet men anser att frågan om {noun_pl} redan hanteras i "
    "verksamhetsplanen.",
    "{body} avstyrker motionen. {noun_def_cap} i {place} bedöms inte vara prioriterad i förhållande till "
    "andra behov.",
    "{body} har inget att invända mot förslaget om {adj} {noun_pl} och föreslår att det genomförs i "
    "samverkan med berörda förvaltningar.",
)

SUMMARIES = (
    "Förvaltningen har utrett förslaget om {noun_pl} i {place}. {answer_part} Förvaltningen föreslår att "
    "motionen {outcome}.",
    "Motionären föreslår {adj} {noun_pl}. Förvaltningen bedömer att {noun_def} {assessment}. Förvaltningen "
    "föreslår att motionen {outcome}.",
)

OUTCOME_WORDS = {
    "approve": "bifalls", "partly_approve": "bifalls i den första att-satsen och i övrigt avslås",
    "reject": "avslås", "deem_answered": "anses besvarad",
}
ASSESSMENTS = (
    "kan utvecklas inom befintliga ramar", "kräver medel som inte ryms i budgeten",
    "redan omfattas av pågående arbete", "bör prövas i nästa investeringsplan",
)
SEND_BACK_REASONS = (
    "Ärendet återremitteras för att underlaget ska kompletteras med en kostnadsberäkning.",
    "Ärendet återremitteras för att förvaltningen ska inhämta synpunkter från berörda nämnder.",
    "Ärendet återremitteras för att konsekvenserna för barn och unga ska belysas.",
)
WITHDRAW_REASONS = (
    "Motionären har återkallat motionen.", "Motionärerna anser att frågan är löst.",
)

FIRST_NAMES = """
Anna Erik Lena Johan Maria Per Sofia Karin Lars Eva Anders Kerstin Mikael Ingrid Peter Birgitta Jonas
Helena Magnus Emma Fredrik Sara Henrik Malin Daniel Linda Andreas Elin Stefan Jenny Niklas Ida Mats
Cecilia Ulf Camilla Björn Therese Tomas Hanna Gustav Elsa Oskar Maja Ali Fatima Nujin Mohammed Leila
Olof Agneta Kristina Viktor Amanda Patrik Josefin Robert Frida Martin Louise Hassan Aino Jussi Sanna
""".split()
LAST_NAMES = """
Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Pettersson
Jonsson Jansson Hansson Bengtsson Jönsson Lindberg Jakobsson Magnusson Lindström Olofsson Lindqvist
Lindgren Berg Axelsson Bergström Lundberg Lind Lundgren Lundqvist Mattsson Berglund Fredriksson Sandberg
Henriksson Forsberg Sjöberg Wallin Engström Eklund Danielsson Lundin Håkansson Björk Bergman Gunnarsson
Holm Wikström Samuelsson Isaksson Fransson Bergqvist Nyström Holmberg Arvidsson Löfgren Söderberg Nyberg
Blomqvist Claesson Nordström Mårtensson Lundström Viklund Björklund Eliasson Pålsson Berggren Sandström
Lund Nordin Ström Åberg Hermansson Ekström Holmgren Sundberg Hedlund Dahlberg Hellström Sjögren Abrahamsson
Falk Öberg Martinsson Andreasson Ali Mohamed Ahmed Hassan Yilmaz Alacabek Nieminen Korhonen Virtanen
""".split()


class Vocabulary:
    """Words picked with a skewed frequency, the same for the same seed: the
    first words of each list are common, the last rare."""

    def __init__(self, seed: int):
        rng = random.Random(f"vocabulary-{seed}")
        heads = [(head.split("=")[0].split(":")[0], head) for head in HEADS]
        compounds = []
        for modifier, (word, entry) in itertools.product(MODIFIERS, heads):
            joined = modifier + word
            if "=" in entry:
                compounds.append(modifier + entry)
            else:
                compounds.append(f"{joined}:{entry.split(':')[1]}")
        nouns = [forms(entry) for entry in NOUNS]
        compound_forms = [forms(entry) for entry in compounds]
        rng.shuffle(nouns)
        rng.shuffle(compound_forms)
        # Plain nouns are the common ones; compounds the long, rare tail.
        self.nouns = _Skewed(nouns + compound_forms)
        self.adjectives = _Skewed([entry.split(":")[0] for entry in ADJECTIVES])
        self.verbs = _Skewed([verb.replace("_", " ") for verb in VERBS])

    def noun(self, rng: random.Random) -> tuple[str, str, str, str]:
        return self.nouns.pick(rng)

    def adjective(self, rng: random.Random) -> str:
        return self.adjectives.pick(rng)

    def verb(self, rng: random.Random) -> str:
        return self.verbs.pick(rng)

    def distinct_words(self) -> int:
        """How many different word forms the nouns give."""
        return len({form for noun in self.nouns.items for form in noun})


class _Skewed:
    """Items picked with weight 1/rank (Zipf's law)."""

    def __init__(self, items: list):
        self.items = items
        weights = [1 / rank for rank in range(1, len(items) + 1)]
        self.cumulative = list(itertools.accumulate(weights))

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def place_names(rng: random.Random, count: int) -> list[str]:
    """`count` different place names: Norrköping, Sjövik, Lindtuna."""
    names = [first + second.lower() if first[-1] != second[0] else first + second[1:]
             for first, second in itertools.product(*PLACE_PARTS)]
    rng.shuffle(names)
    return names[:count]
