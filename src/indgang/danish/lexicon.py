"""The domain lexicon: themes, formats, and the everyday words companies use for them.

Everything here is general vocabulary of Danish business promotion, written once by hand, not
tuned to any single request:

* ``THEME_WORDS``: for each of the catalog's 16 themes, the words that describe it. They are
  indexed with every offer carrying the theme (so an offer tagged ``eksport`` is found by
  "udlandet" even if its text never says it) and added, with a low weight, to a request in
  which the theme was recognised.
* ``FORMAT_WORDS`` and ``INSTRUMENT_WORDS``: the same for the ``format`` and ``instrument``
  codes.
* ``SYNONYMS``: everyday Danish and English words and phrases, each group mapped to the
  themes it signals (with a strength) and to catalog words it should also search for.
* ``SHORT_WORDS``: three-letter words that may stand as parts of a compound ("mikrolån").
* ``LINKING_MORPHEMES``: the joints of Danish compounds ("generation-s-skifte").
* ``STOPWORDS``: Danish and English function words, and request filler ("hjælp", "gerne").
"""

from __future__ import annotations

from dataclasses import dataclass

THEMES: tuple[str, ...] = (
    "opstart",
    "vaekst_skalering",
    "eksport",
    "finansiering",
    "digitalisering",
    "innovation",
    "viden_samarbejde",
    "kompetencer",
    "groen_omstilling",
    "ledelse",
    "ejerskifte",
    "myndighed",
    "lokaler",
    "netvaerk",
    "turisme",
    "salg_markedsfoering",
)

THEME_WORDS: dict[str, str] = {
    "opstart": "opstart iværksætter iværksættere nystartet starte virksomhed etablering",
    "vaekst_skalering": "vækst vokse skalering skalere vækstvirksomhed ambitioner",
    "eksport": "eksport eksportere udlandet internationale markeder nye markeder",
    "finansiering": "finansiering kapital lån investorer investering penge tilskud",
    "digitalisering": "digitalisering digital it data e-handel automatisering",
    "innovation": "innovation udvikling nye produkter produktudvikling idéer",
    "viden_samarbejde": "videnssamarbejde forskning forskere universitet studerende viden",
    "kompetencer": "kompetencer medarbejdere rekruttering arbejdskraft ansætte opkvalificering",
    "groen_omstilling": "grøn omstilling bæredygtighed klima energi cirkulær miljø",
    "ledelse": "ledelse ledere strategi bestyrelse organisation",
    "ejerskifte": "ejerskifte generationsskifte overdragelse salg af virksomhed ny ejer",
    "myndighed": "myndigheder regler tilladelser moms skat registrering krav",
    "lokaler": "lokaler kontor kontorplads værksted inkubator erhvervsgrunde",
    "netvaerk": "netværk fællesskab erfaringsudveksling andre virksomheder",
    "turisme": "turisme turister gæster oplevelser overnatning",
    "salg_markedsfoering": "salg markedsføring kunder nye kunder marketing",
}

FORMAT_WORDS: dict[str, str] = {
    "vejledning_1_1": "vejledning rådgivning sparring",
    "forloeb": "forløb program",
    "kursus": "kursus kurser workshop undervisning",
    "netvaerk": "netværk",
    "arrangement": "arrangement møde event",
    "mentor": "mentor",
    "matchmaking": "matchmaking match kontakt",
    "tilskud": "tilskud støtte",
    "laan": "lån",
    "garanti": "garanti kaution",
    "egenkapital": "egenkapital investering investor",
    "lokaler": "lokaler kontor",
    "myndighedsservice": "myndighed tilladelse",
    "online_vaerktoej": "online værktøj digital guide",
}

INSTRUMENT_WORDS: dict[str, str] = {
    "basal_erhvervsservice": "erhvervsservice",
    "fokuseret_erhvervsservice": "",
    "specialiseret_erhvervsservice": "erhvervshus",
    "erhvervsudvikling": "",
    "finansiering": "finansiering",
}


@dataclass(frozen=True)
class Synonym:
    """A group of everyday words (or phrases) with the themes and catalog words they signal.

    ``size_noun``: a word like "ansatte" that after a number ("6 ansatte") describes the
    company's size, not a need; it then signals nothing.
    """

    triggers: tuple[str, ...]
    themes: tuple[tuple[str, float], ...]
    expansions: str = ""
    size_noun: bool = False


def _syn(
    triggers: str, themes: dict[str, float], expansions: str = "", *, size_noun: bool = False
) -> Synonym:
    phrases = tuple(part.strip() for part in triggers.split(",") if part.strip())
    return Synonym(phrases, tuple(themes.items()), expansions, size_noun)


# Triggers are comma-separated words or phrases; they are analysed (stemmed, decompounded)
# like any other text, so one inflected form stands for all of them.
SYNONYMS: tuple[Synonym, ...] = (
    # finansiering
    _syn(
        "penge, kapital, finansiering, finansiere, investor, investorer, lån, låne, banklån, "
        "kredit, kassekredit, egenkapital, venturekapital, venture, seed, seedrunde, "
        "investeringsrunde, business angel, likviditet, crowdfunding, kaution, garanti, "
        "medfinansiering, rejse kapital, kapitalrejsning, banken",
        {"finansiering": 1.0},
        "finansiering kapital lån investor",
    ),
    _syn("tilskud, støtte, pulje, puljer, legat, fond, fonde", {"finansiering": 0.6}, "tilskud"),
    _syn(
        "funding, fund, funds, finance, financing, money, loan, loans, capital, investors, "
        "investment, investing, grant, grants, subsidy, bank, raise, venture capital",
        {"finansiering": 1.0},
        "finansiering kapital lån tilskud investor",
    ),
    # kompetencer
    _syn(
        "ansætte, ansættelse, ansætter, rekruttere, rekruttering, arbejdskraft, kandidater, "
        "personale, lærling, lærlinge, elever, faglærte, faglært, efteruddannelse, "
        "opkvalificere, opkvalificering, kompetencer, kompetenceløft, talent, talenter, "
        "specialister, ledige, jobcenter, jobcentret, mangler folk, finde folk, uddanne",
        {"kompetencer": 1.0},
        "kompetencer rekruttering medarbejdere arbejdskraft",
    ),
    _syn(
        "medarbejdere, medarbejder, ansatte, folk",
        {"kompetencer": 0.7},
        "medarbejdere",
        size_noun=True,
    ),
    _syn(
        "hire, hiring, recruit, recruiting, recruitment, talent, skills, training, upskilling",
        {"kompetencer": 1.0},
        "rekruttering medarbejdere kompetencer arbejdskraft ansætte",
    ),
    _syn(
        "staff, employees, people, workers, person, persons",
        {"kompetencer": 0.7},
        "medarbejdere",
        size_noun=True,
    ),
    _syn(
        "udenlandsk arbejdskraft, udenlandske medarbejdere, internationale medarbejdere, "
        "opholdstilladelse, arbejdstilladelse, visum, foreign workers, work permit, visa",
        {"kompetencer": 1.0, "myndighed": 0.8},
        "udenlandske medarbejdere opholdstilladelse internationale",
    ),
    # myndighed
    _syn(
        "regler, moms, skat, bogføring, tilladelse, tilladelser, byggetilladelse, "
        "miljøgodkendelse, godkendelse, registrering, registrere, cvr, certificering, "
        "certificeringer, ce-mærkning, lovkrav, eu-krav, krav, myndighed, myndigheder, "
        "kommunen, byggesag, dokumentation",
        {"myndighed": 1.0},
        "regler tilladelse myndighed",
    ),
    _syn(
        "permit, permits, tax, vat, rules, regulation, regulations, license, licence, "
        "register, registration, compliance, bookkeeping",
        {"myndighed": 1.0},
        "regler tilladelse moms skat registrering",
    ),
    # eksport
    _syn(
        "eksport, eksportere, udlandet, udland, international, internationalt, "
        "internationale, nye markeder, udenlandske kunder, messe, messer, fremstød, "
        "globalt, grænsen",
        {"eksport": 1.0},
        "eksport markeder",
    ),
    _syn(
        "tyskland, tysk, tyske, sverige, svensk, norge, norsk, usa, kina, england, "
        "storbritannien, frankrig, holland, europa",
        {"eksport": 0.6},
        "eksport",
    ),
    _syn(
        "export, exports, exporting, abroad, foreign, overseas, germany, german, sweden, "
        "international markets, new markets, trade fair",
        {"eksport": 1.0},
        "eksport eksportere udlandet markeder",
    ),
    # opstart
    _syn(
        "starte, start, opstart, iværksætter, iværksættere, nystartet, nystartede, "
        "selvstændig, egen virksomhed, forretningsplan, idé, "
        "startup, startups",
        {"opstart": 1.0},
        "opstart iværksætter starte",
    ),
    _syn("etablere, etablering, etableret", {"opstart": 0.4}, "etablering"),
    _syn(
        "start a business, starting, entrepreneur, entrepreneurs, founder, founders, "
        "new business, business plan, self-employed, startup, start-up",
        {"opstart": 1.0},
        "opstart iværksætter starte virksomhed",
    ),
    # vaekst_skalering
    _syn(
        "vokse, vækst, skalere, skalering, ambitioner, ambition, udvide, udvidelse, "
        "vækstvirksomhed, næste niveau",
        {"vaekst_skalering": 1.0},
        "vækst skalering",
    ),
    _syn(
        "grow, growth, scale, scaling, scale-up, scaleup, expand",
        {"vaekst_skalering": 1.0},
        "vækst skalering vokse",
    ),
    # innovation
    _syn(
        "innovation, innovere, udvikle, udvikling, produktudvikling, nyt produkt, nye "
        "produkter, produktserie, prototype, patent, opfindelse, idéer, designere, "
        "forretningsmodel",
        {"innovation": 1.0},
        "innovation udvikling",
    ),
    _syn(
        "develop, development, product development, new product, prototype, patent, "
        "invention, r&d, research and development",
        {"innovation": 1.0},
        "innovation udvikling produktudvikling prototype",
    ),
    # viden_samarbejde
    _syn(
        "universitet, universitetet, forskere, forskning, forsker, studerende, praktikant, "
        "speciale, ph.d., phd, gts, teknologisk institut, vidensinstitution, test",
        {"viden_samarbejde": 1.0},
        "forskning forskere universitet",
    ),
    _syn(
        "university, researchers, research, students, student, academic, lab, laboratory",
        {"viden_samarbejde": 1.0},
        "universitet forskere forskning studerende",
    ),
    # digitalisering
    _syn(
        "digital, digitalisering, it, software, webshop, netbutik, hjemmeside, e-handel, "
        "online, sociale medier, automatisering, automatisere, robot, robotter, data, ai, "
        "kunstig intelligens, cybersikkerhed, erp, it-system, systemer",
        {"digitalisering": 1.0},
        "digitalisering digital",
    ),
    _syn(
        "digitalisation, digitalization, website, webshop, e-commerce, ecommerce, "
        "automation, artificial intelligence, cyber security, cybersecurity, "
        "machine learning, saas",
        {"digitalisering": 1.0},
        "digitalisering digital e-handel automatisering data",
    ),
    # groen_omstilling
    _syn(
        "grøn, grønne, grønt, bæredygtig, bæredygtige, bæredygtighed, klima, "
        "klimaregnskab, co2, energi, energiforbrug, energieffektivisering, cirkulær, "
        "cirkulært, genbrug, affald, miljø, vedvarende energi, solceller, havvind, "
        "vindmøller, power-to-x, esg, omstilling",
        {"groen_omstilling": 1.0},
        "grøn omstilling bæredygtig",
    ),
    _syn(
        "green, sustainability, sustainable, climate, energy, circular, recycling, "
        "emissions, carbon, renewable",
        {"groen_omstilling": 1.0},
        "grøn omstilling bæredygtig klima energi",
    ),
    # ledelse
    _syn(
        "ledelse, ledere, bestyrelse, strategi, organisation, lederskab",
        {"ledelse": 1.0},
        "ledelse strategi",
    ),
    _syn(
        "management, leadership, board, strategy", {"ledelse": 1.0}, "ledelse strategi bestyrelse"
    ),
    # ejerskifte
    _syn(
        "ejerskifte, generationsskifte, overdragelse, overdrage, overtage, overtagelse, "
        "ny ejer, næste ejer, køber, købere, sælge virksomheden, sælge firmaet, pension, "
        "efterfølger, arving, børnene",
        {"ejerskifte": 1.0},
        "ejerskifte generationsskifte overdragelse",
    ),
    _syn(
        "succession, sell my business, sell the company, selling the business, retire, "
        "retirement, buyer, take over, takeover, acquisition",
        {"ejerskifte": 1.0},
        "ejerskifte generationsskifte overdragelse salg",
    ),
    # lokaler
    _syn(
        "lokaler, kontor, kontorer, kontorplads, kontorpladser, skrivebord, "
        "skrivebordsplads, kontorfællesskab, værksted, værksteder, inkubator, "
        "erhvervsgrund, erhvervsgrunde, lejemål, startupmiljø, iværksættermiljø",
        {"lokaler": 1.0},
        "lokaler kontor kontorpladser",
    ),
    _syn(
        "office, offices, desk, coworking, co-working, premises, incubator, space, "
        "workspace, workshop space",
        {"lokaler": 1.0},
        "lokaler kontor kontorpladser skrivebordspladser inkubator",
    ),
    # netvaerk
    _syn(
        "netværk, netværke, fællesskab, erfaringsudveksling, andre virksomheder, "
        "sparring med andre, morgenmøder, morgenmøde, møde andre, samarbejde med andre, "
        "kolleger",
        {"netvaerk": 1.0},
        "netværk",
    ),
    _syn(
        "network, networking, community, peers, meetups, meetup",
        {"netvaerk": 1.0},
        "netværk fællesskab",
    ),
    # turisme
    _syn(
        "turisme, turister, turist, turistgæster, gæster, overnatning, camping, "
        "campingplads, hotel, feriehuse, ferie, oplevelser, krydstogt, krydstogtsturister, "
        "sæson, sommerhus",
        {"turisme": 1.0},
        "turisme turister gæster",
    ),
    _syn(
        "tourism, tourists, tourist, visitors, guests, hotel, holiday",
        {"turisme": 1.0},
        "turisme turister gæster",
    ),
    # salg_markedsfoering
    _syn(
        "salg, sælge, kunder, kunde, markedsføring, marketing, branding, annoncering, "
        "leverandør, underleverandør, udbud, synlighed, flere kunder, nye kunder",
        {"salg_markedsfoering": 1.0},
        "salg markedsføring kunder",
    ),
    _syn(
        "sales, sell, selling, customers, clients, marketing, branding",
        {"salg_markedsfoering": 1.0},
        "salg markedsføring kunder",
    ),
    # English words for offer types, translated into catalog words
    _syn(
        "advice, guidance, consulting, consultant, mentor, mentoring",
        {},
        "vejledning rådgivning sparring",
    ),
    _syn("course, courses, workshop", {}, "kursus kurser"),
    _syn("affordable, cheap, free", {}, "gratis"),
    _syn("food", {}, "fødevarer"),
    _syn("company, business, firm", {}, "virksomhed"),
)

SHORT_WORDS: frozenset[str] = frozenset(
    {"lån", "app", "idé", "ide", "job", "web", "tøj", "mad", "vin", "øl", "bil", "kro", "co2"}
)

LINKING_MORPHEMES: tuple[str, ...] = ("", "s", "e")


def _wordlist(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS: frozenset[str] = _wordlist(
    """
    alle alt at af blev blive bliver blevet da de dem den denne der deres det dette dig din dine
    dit du efter ej eller en end er et for fra før have han hans har hende hendes her hvad hvem
    hver hvilke hvilken hvilket hvor hvordan hvorfor i ikke ingen intet jeg kan kom kun kunne man
    med meget mellem men mig min mine mit mod må måske ned nogen noget nogle nu når og også om os
    over på samme selv sig sin sine sit skal skulle som så sådan sådanne sådant til under ud uden
    var være været ved vi vil ville vores vor vort dog jo ind op fordi hvornår ja hvis både
    selvom havde ham hun anden andet gerne hjælp hjælpe brug bruge findes får få gøre gør
    sted ønsker ønske søger søge leder efter vide ved godt lidt rigtig bare mere mest stor store
    lille små nogle hvis hvilke kr mio mdr år ca osv fx bl.a a an the to for of and or in on at
    by with from we our us i my me is are am be been was were its this that these those
    looking need needs want wants would like can could do does how what which who where
    help some any about into as so if not no but also just get got have has had you your
    """
)

# Words that match offers but say nothing about a need when quoted back to the company as
# a reason ("fits 'andre'", "fits 'gang'" from "i gang med"). Ranking still counts them;
# only the reasons leave them out.
UNCITED_WORDS: frozenset[str] = _wordlist(
    """
    andre anden bedre bedst bedste første først flere ny nye nyt gang styr lave laver lavet
    kommer komme mangler mangle manglende kontakt finde finder gå går god gode nemt nemmere
    mange masse egen egne eget hurtigt længe lang lange
    """
)

# Words counting as numbers before a size noun ("to medarbejdere", "three people").
NUMBER_WORDS: frozenset[str] = _wordlist(
    """
    en et to tre fire fem seks syv otte ni ti elleve tolv tyve tredive fyrre halvtreds
    hundrede one two three four five six seven eight nine ten twelve twenty
    """
)
