"""Words the CRM demo writes with: names, and per theme what a company wants and what
is agreed; shared by the sub-domains' demo builders."""

FIRST_NAMES = [
    "Anders",
    "Anne",
    "Bente",
    "Bo",
    "Camilla",
    "Christian",
    "Dorthe",
    "Emil",
    "Emma",
    "Erik",
    "Frederik",
    "Gitte",
    "Hanne",
    "Henrik",
    "Ida",
    "Jacob",
    "Jakob",
    "Jesper",
    "Julie",
    "Karen",
    "Kasper",
    "Katrine",
    "Lars",
    "Line",
    "Louise",
    "Mads",
    "Maria",
    "Martin",
    "Mette",
    "Michael",
    "Morten",
    "Nanna",
    "Niels",
    "Nina",
    "Ole",
    "Pernille",
    "Peter",
    "Rasmus",
    "Rikke",
    "Signe",
    "Simon",
    "Sofie",
    "Søren",
    "Thomas",
    "Tina",
    "Troels",
    "Ulla",
    "Vibeke",
    "Yasmin",
    "Ahmad",
    "Fatima",
    "Mehmet",
    "Aisha",
    "Piotr",
    "Agnieszka",
]
_LAST = (
    "Andersen Bach Bech Berg Bisgaard Brandt Christensen Dahl Damgaard Eriksen Frandsen Friis "
    "Hansen Holm Holst Iversen Jensen Jeppesen Juhl Kjeldsen Knudsen Kristensen Lauridsen "
    "Lund Madsen Mikkelsen Mortensen Møller Nielsen Nygaard Olesen Pedersen Poulsen Rasmussen "
    "Schmidt Skov Svendsen Sørensen Thomsen Vestergaard Villadsen Winther Østergaard Yilmaz "
    "Nowak Haddad"
)
LAST_NAMES = _LAST.split()

THEMES = {
    "opstart": (
        "opstart af virksomhed",
        [
            "få styr på forretningsplan og budget",
            "vælge den rigtige virksomhedsform",
            "finde de første kunder",
        ],
        [
            "Sender skabelon til budget og likviditet.",
            "Tilmeldt iværksætterkursus i næste måned.",
            "Nyt møde, når forretningsplanen er klar.",
        ],
    ),
    "vaekst_skalering": (
        "vækst",
        [
            "fordoble omsætningen på tre år",
            "ansætte de første sælgere",
            "skalere produktionen",
        ],
        [
            "Aftalt en vækstplan med tre indsatsområder.",
            "Screenes til Vækstforløb.",
            "Opfølgning om tre måneder.",
        ],
    ),
    "eksport": (
        "eksport",
        [
            "komme ind på det tyske marked",
            "finde en distributør i Sverige og Norge",
            "teste markedet i Holland",
        ],
        [
            "Henvises til Eksportrådet for en markedsafklaring.",
            "Deltager i eksportnetværket i foråret.",
            "Sender materiale om Eksportstart.",
        ],
    ),
    "finansiering": (
        "finansiering",
        [
            "rejse kapital til en ny produktionslinje",
            "forberede mødet med banken om en større kredit",
            "finde investorer til næste vækstfase",
        ],
        [
            "Henvises til EIFO om vækstlån.",
            "Hjælper med pitch deck inden investormødet.",
            "Gennemgår budget og likviditet sammen i næste uge.",
        ],
    ),
    "digitalisering": (
        "digitalisering",
        [
            "få en webshop op at køre",
            "skifte til et nyt ERP-system",
            "automatisere fakturering og lager",
        ],
        [
            "Søger tilskud fra Digital omstilling i SMV'er.",
            "Sætter kontakt op til Digital Lead.",
            "Laver en digital modenhedsmåling sammen med ledelsen.",
        ],
    ),
    "innovation": (
        "innovation",
        [
            "udvikle en ny produktserie",
            "teste en prototype hos kunderne",
            "beskytte en ny opfindelse",
        ],
        [
            "Henvises til Innovationsfonden om Innobooster.",
            "Møde med en innovationsagent fra Teknologisk Institut.",
            "Undersøger mulighederne for patent.",
        ],
    ),
    "viden_samarbejde": (
        "samarbejde med videninstitutioner",
        [
            "finde en studerende til et udviklingsprojekt",
            "samarbejde med et universitet om test og dokumentation",
        ],
        [
            "Formidler kontakt til en forsker på Aarhus Universitet.",
            "Sender kontakt til et GTS-institut.",
        ],
    ),
    "kompetencer": (
        "rekruttering og kompetencer",
        [
            "rekruttere faglærte",
            "tage lærlinge ind",
            "opkvalificere medarbejderne i automatisering",
        ],
        [
            "Sætter kontakt op til jobcentrets virksomhedsservice.",
            "Sender oversigt over relevante AMU-kurser.",
        ],
    ),
    "groen_omstilling": (
        "grøn omstilling",
        [
            "reducere energiforbruget i produktionen",
            "lave et CO2-regnskab",
            "gå over til genanvendelige materialer",
        ],
        [
            "Screening af energiforbruget er bestilt.",
            "Ansøgning til Grøn omstilling forberedes.",
            "Introducerer virksomheden til Energy Cluster Denmark.",
        ],
    ),
    "ledelse": (
        "ledelse og strategi",
        [
            "styrke bestyrelsesarbejdet",
            "lægge en strategi for de næste tre år",
            "uddelegere mere i ledelsen",
        ],
        ["Strategiworkshop aftalt.", "Forslag om et advisory board."],
    ),
    "ejerskifte": (
        "ejerskifte",
        ["planlægge et generationsskifte", "sælge virksomheden inden for fem år"],
        [
            "Anbefaler en uvildig værdiansættelse.",
            "Ejerskiftemøde med revisor aftalt.",
        ],
    ),
    "myndighed": (
        "regler og tilladelser",
        [
            "få styr på miljøgodkendelsen",
            "søge de rigtige tilladelser til udeservering",
        ],
        [
            "Sendt link til vejledningen på Virk.dk.",
            "Formidler kontakt til kommunens sagsbehandler.",
        ],
    ),
    "lokaler": (
        "erhvervslokaler",
        ["finde større lokaler", "etablere sig i det nye erhvervsområde"],
        ["Sendt oversigt over ledige erhvervsgrunde.", "Fremvisning aftalt."],
    ),
    "netvaerk": (
        "netværk",
        ["møde andre virksomheder i branchen", "finde samarbejdspartnere lokalt"],
        ["Inviteret til det lokale erhvervsnetværk.", "Introduceret til klyngen."],
    ),
    "turisme": (
        "turisme",
        ["tiltrække flere udenlandske gæster", "forlænge sæsonen"],
        ["Kontakt til destinationsselskabet.", "Sender information om turismepuljen."],
    ),
    "salg_markedsfoering": (
        "salg og markedsføring",
        [
            "styrke salget online",
            "finde nye kundesegmenter",
            "gøre salgsprocessen mere professionel",
        ],
        [
            "Workshop om salgsstrategi aftalt.",
            "Sender materiale om markedsføring på sociale medier.",
        ],
    ),
}
EH_THEMES = [
    "vaekst_skalering",
    "eksport",
    "finansiering",
    "digitalisering",
    "innovation",
    "groen_omstilling",
    "ledelse",
    "ejerskifte",
    "kompetencer",
    "salg_markedsfoering",
]
LOCAL_THEMES = [
    "opstart",
    "myndighed",
    "lokaler",
    "netvaerk",
    "kompetencer",
    "salg_markedsfoering",
    "finansiering",
    "digitalisering",
    "turisme",
]
OBSERVATIONS = [
    "Stærk ordrebog, men presset på kapaciteten.",
    "Ledelsen er motiveret, men har svært ved at finde tid.",
    "Har gode erfaringer med tidligere rådgivning.",
    "Usikker på næste skridt; bør følges tæt.",
    "Sund økonomi, men lav egenkapital.",
    "Ejeren er snart 65 og har ikke tænkt over ejerskifte.",
    "Ingen digital strategi, men stor interesse.",
    "Har mistet en stor kunde og vil sprede risikoen.",
]
