"""Swedish idea texts for the national deployment, so that its search indexes are realistic.

People write about the same things in many ways: a noun in its four forms
("handske", "handsken", "handskar", "handskarna"), inside compounds
("skyddshandskar", "gummihandskarna"), verbs in their tenses ("halka", "halkade").
The generator fills sentence templates from a vocabulary whose words are drawn
with Zipf weights, so a few words are in many ideas and most in few, and keeps
a pool of sentences with rare words that only a handful of ideas hold. Pools of
titles and sentences are made here once (seeded); generate.sql gives each idea a
title and two or three sentences from them by hashing its number.
"""
from __future__ import annotations

import random

# Nouns as "indefinite definite plural definite-plural: words before it in compounds",
# the commoner first: a few are in many ideas, most in few.
_NOUNS = """
rutin rutinen rutiner rutinerna: arbets städ besöks
schema schemat scheman schemana: arbets personal semester
lampa lampan lampor lamporna: tak golv skrivbords gat läs
dörr dörren dörrar dörrarna: entré brand glas skjut
stol stolen stolar stolarna: kontors rull skrivbords barn
möte mötet möten mötena: arbetsplats personal föräldra
rum rummet rum rummen: personal mötes vilo sov
maskin maskinen maskiner maskinerna: kaffe disk tvätt
skåp skåpet skåp skåpen: kyl frys kläd förråds
parkering parkeringen parkeringar parkeringarna: cykel personal besöks
dator datorn datorer datorerna: personal elev surf
trappa trappan trappor trapporna: entré brand källar
handske handsken handskar handskarna: skydds gummi engångs vinter
blankett blanketten blanketter blanketterna: ansöknings beställnings
skylt skylten skyltar skyltarna: väg dörr informations
bänk bänken bänkar bänkarna: park arbets disk
cykel cykeln cyklar cyklarna: tjänste last el
nyckel nyckeln nycklar nycklarna: dörr huvud reserv
soptunna soptunnan soptunnor soptunnorna: kompost papper
fönster fönstret fönster fönstren: tak köks klassrums
säng sängen sängar sängarna: vård bädd
matsal matsalen matsalar matsalarna: skol personal
belysning belysningen belysningar belysningarna: gatu entré trapp
bord bordet bord borden: skriv mat konferens
telefon telefonen telefoner telefonerna: mobil tjänste
skrivare skrivaren skrivare skrivarna: färg nätverks
väska väskan väskor väskorna: data sjuk
gunga gungan gungor gungorna: däck bebis
kylskåp kylskåpet kylskåp kylskåpen: personal
mikro mikron mikros mikrosarna: personal
diskbänk diskbänken diskbänkar diskbänkarna: personal
tavla tavlan tavlor tavlorna: anslags whiteboard skriv
karta kartan kartor kartorna: orienterings väg
hylla hyllan hyllor hyllorna: bok vägg förråds
kudde kudden kuddar kuddarna: sitt sov
filt filten filtar filtarna: fleece vila
matta mattan mattor mattorna: dörr gymnastik entré
gardin gardinen gardiner gardinerna: mörkläggnings
kran kranen kranar kranarna: vatten blandar
toalett toaletten toaletter toaletterna: personal besöks
dusch duschen duschar duscharna: personal
tvål tvålen tvålar tvålarna: flytande hand
handduk handduken handdukar handdukarna: pappers bad
spis spisen spisar spisarna: induktions
ugn ugnen ugnar ugnarna: mikrovågs konvektions
kastrull kastrullen kastruller kastrullerna: stor
tallrik tallriken tallrikar tallrikarna: djup flat
kopp koppen koppar kopparna: kaffe te
buss bussen bussar bussarna: skol linje
bil bilen bilar bilarna: tjänste el
väg vägen vägar vägarna: gång cykel skol
grind grinden grindar grindarna: trädgårds skol
staket staketet staket staketen: skol
sandlåda sandlådan sandlådor sandlådorna: gård
rutschkana rutschkanan rutschkanor rutschkanorna: gård
boll bollen bollar bollarna: fot bask
bok boken böcker böckerna: lär bilder
penna pennan pennor pennorna: blyerts kul
papper pappret papper pappren: kopierings rit
lista listan listor listorna: check inköps
mejl mejlet mejl mejlen: tjänste
lösenord lösenordet lösenord lösenorden: system
skärm skärmen skärmar skärmarna: dator bild
tangentbord tangentbordet tangentbord tangentborden: trådlöst
mus musen möss mössen: dator
kamera kameran kameror kamerorna: övervaknings
larm larmet larm larmen: brand inbrotts trygghets
radiator radiatorn radiatorer radiatorerna: vägg
termostat termostaten termostater termostaterna: element
ventil ventilen ventiler ventilerna: frånlufts
sopsäck sopsäcken sopsäckar sopsäckarna: plast
kartong kartongen kartonger kartongerna: flytt
pall pallen pallar pallarna: trapp sitt
kundvagn kundvagnen kundvagnar kundvagnarna: stor
hiss hissen hissar hissarna: person varu
ramp rampen ramper ramperna: rullstols
räcke räcket räcken räckena: trapp balkong
lås låset lås låsen: kod dörr
skåpnyckel skåpnyckeln skåpnycklar skåpnycklarna: reserv
mössa mössan mössor mössorna: vinter
overall overallen overaller overallerna: regn vinter
stövel stöveln stövlar stövlarna: gummi
jacka jackan jackor jackorna: regn vinter arbets
förkläde förklädet förkläden förklädena: plast
visir visiret visir visiren: skydds
blomma blomman blommor blommorna: kruk
träd trädet träd träden: frukt
gräsmatta gräsmattan gräsmattor gräsmattorna: skol
rabatt rabatten rabatter rabatterna: blom
snöskyffel snöskyffeln snöskyfflar snöskyfflarna: stor
sand sanden sander sanderna: halk
kompost komposten komposter komposterna: mat
""".strip().splitlines()
NOUNS = [(tuple(forms.split()), tuple(prefixes.split()))
         for forms, prefixes in (line.split(":") for line in _NOUNS)]
# Verbs as (infinitive, present, past, supine).
VERBS = [
    ("köpa", "köper", "köpte", "köpt"), ("byta", "byter", "bytte", "bytt"),
    ("laga", "lagar", "lagade", "lagat"), ("flytta", "flyttar", "flyttade", "flyttat"),
    ("beställa", "beställer", "beställde", "beställt"), ("städa", "städar", "städade", "städat"),
    ("ersätta", "ersätter", "ersatte", "ersatt"), ("måla", "målar", "målade", "målat"),
    ("reparera", "reparerar", "reparerade", "reparerat"), ("märka", "märker", "märkte", "märkt"),
    ("halka", "halkar", "halkade", "halkat"), ("tvätta", "tvättar", "tvättade", "tvättat"),
]
# Adjectives as (common, neuter, plural and definite).
ADJECTIVES = [("ny", "nytt", "nya"), ("trasig", "trasigt", "trasiga"), ("gammal", "gammalt", "gamla"),
              ("mörk", "mörkt", "mörka"), ("smutsig", "smutsigt", "smutsiga"),
              ("hal", "halt", "hala"), ("tung", "tungt", "tunga"), ("kall", "kallt", "kalla")]
PLACES = ["på förskolan", "i köket", "i personalrummet", "på äldreboendet", "i skolans matsal",
          "vid entrén", "på biblioteket", "i simhallen", "på hemtjänstens kontor",
          "i omklädningsrummet", "på återvinningscentralen", "i idrottshallen", "på gymnasiet",
          "i receptionen", "på vårdcentralen", "i tvättstugan"]
GROUPS = ["barnen", "eleverna", "de boende", "besökarna", "personalen", "kollegorna",
          "brukarna", "vikarierna"]
# Words only a handful of ideas hold, each in one sentence of its own.
RARE = ["hjärtstartaren", "snöslungan", "ventilationsaggregatet", "vattenkokaren",
        "mikrovågsugnen", "hörselkåporna", "ljudabsorbenterna", "rollatorerna", "taklyften",
        "brandfilten", "duschpallen", "pipettflaskorna", "reflexvästarna", "laminatorn",
        "sittdynorna", "cykelpumpen", "termometern", "visselpipan", "förbandslådan",
        "solglasögonen", "regnställen", "kompostkvarnen", "dokumentkameran", "ståbordet"]

_SENTENCES = [
    "Vi borde {verb0} {adj2} {plural} {place}.",
    "{Definite} {place} är {adj0} och {group} klagar.",
    "Någon {verb2} {definite} i morse men {group} märkte inget.",
    "Kan vi {verb0} {plural_definite} innan vintern?",
    "Jag föreslår att vi {verb1} {plural} till {group}.",
    "Det finns för få {plural} {place} och {group} får vänta.",
    "{Group} har {verb3} {definite} flera gånger utan att det hjälpt.",
    "{Plural_definite} räcker inte till alla {group} {place}.",
    "Det skulle spara tid om vi {verb1} {definite} varje vecka.",
    "En {adj0} {singular} {place} är farlig när det är mörkt.",
    "Någon {verb2} {definite} {place} förra veckan.",
    "Sedan i våras har {group} frågat efter {adj2} {plural}.",
]
_TITLES = ["{Adj2} {plural} {place}", "{Verb0} {definite}", "Fler {plural} {place}",
           "{Definite} {place}", "{Adj0} {singular} behöver {verb3_s}", "Bättre {plural} för {group}"]


def _zipf(rng: random.Random, items: list, exponent: float = 1.0):
    weights = [1 / (rank + 1) ** exponent for rank in range(len(items))]
    return rng.choices(items, weights)[0]


def _noun_forms(rng: random.Random) -> tuple[str, ...]:
    """The four forms of a noun, one time in three as the last part of a compound."""
    forms, prefixes = _zipf(rng, NOUNS)
    if rng.random() < 1 / 3:
        prefix = rng.choice(prefixes)
        return tuple(prefix + form for form in forms)
    return forms


def _fill(template: str, rng: random.Random) -> str:
    singular, definite, plural, plural_definite = _noun_forms(rng)
    verb, adjective = _zipf(rng, VERBS, 0.7), _zipf(rng, ADJECTIVES, 0.7)
    slots = {"singular": singular, "definite": definite, "plural": plural,
             "plural_definite": plural_definite, "place": _zipf(rng, PLACES, 0.8),
             "group": _zipf(rng, GROUPS, 0.8), "verb3_s": verb[3] + "s",
             **{f"verb{i}": verb[i] for i in range(4)}, **{f"adj{i}": adjective[i] for i in range(3)}}
    slots.update({name.capitalize(): value[:1].upper() + value[1:] for name, value in slots.items()})
    return template.format(**slots)


def titles(count: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    return [_fill(rng.choice(_TITLES), rng) for _ in range(count)]


def sentences(count: int, seed: int = 2) -> list[str]:
    rng = random.Random(seed)
    return [_fill(rng.choice(_SENTENCES), rng) for _ in range(count)]


def rare_sentences(seed: int = 3) -> list[str]:
    """One sentence for each rare word."""
    rng = random.Random(seed)
    return [f"Vi behöver {word} {rng.choice(PLACES)} igen." for word in RARE]
