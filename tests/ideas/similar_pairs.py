"""Swedish idea pairs for "similar ideas": what a colleague types, and an idea already there.

Written for the test from home care, cleaning, kitchens and schools. A
duplicate says the same thing in other words: other inflections, a compound
word against its parts, another order. A near miss shares the place or the
things but asks for something else; it must not be offered.
Each pair: (typed text, existing title, existing description, duplicate?).
"""

PAIRS = [
    # --- Duplicates: the same idea, phrased differently -------------------------------
    ("Halkskydd på trapporna vid entrén, många halkar när det regnar",
     "Halkskydd i trappan", "Det är lätt att halka i trappan vid entrén när det är blött.", True),
    ("Handskarna tar slut i bilarna, vi borde ha ett lager av handskar i varje bil",
     "Skyddshandskar i hemtjänstbilarna", "Ha en låda skyddshandskar i varje bil så vi inte "
     "står utan hos brukaren.", True),
    ("Trygghetslarmen piper utan orsak hos flera brukare på nätterna",
     "Larmen som piper", "Flera trygghetslarm larmar falskt på natten och väcker brukarna.", True),
    ("Nyckelskåpet på kontoret borde ha kodlås så nycklarna inte försvinner",
     "Kodlås på nyckelskåp", "Nycklar till brukarnas hem försvinner ur skåpet, sätt ett kodlås "
     "på nyckelskåpet.", True),
    ("Digitalt körschema i mobilen istället för papperslappar",
     "Körscheman i telefonen", "Papperslapparna med körschemat blir fel, lägg schemat digitalt i "
     "telefonen.", True),
    ("Parkeringstillstånd för hemtjänstens bilar i centrum, vi får böter",
     "Parkering i centrum", "Hemtjänstbilarna får parkeringsböter i centrum, ordna "
     "parkeringstillstånd.", True),
    ("Fler elcyklar så vi kan cykla mellan besöken på sommaren",
     "Elcykel till personalen",
     "Skaffa elcyklar för korta besök på sommaren istället för bil.", True),
    ("Städvagnarna är för tunga, lättare vagn skulle spara ryggen",
     "Lättare städvagn", "Våra städvagnar är tunga att dra i trapporna, det tar på ryggen.", True),
    ("Mikrofiberdukar i olika färger för toalett och kök så de inte blandas",
     "Färgkodade dukar",
     "Färgkoda mikrofiberduken: en färg för toaletter, en annan för köket.", True),
    ("Moppar som tvättas i egen tvättmaskin på plats i stället för att skickas iväg",
     "Egen tvättmaskin för moppar", "Mopparna skickas bort för tvätt och vi får vänta, köp en "
     "tvättmaskin till mopptvätten.", True),
    ("Doseringsapparat för rengöringsmedel så ingen blandar för starkt",
     "Automatisk dosering av rengöringsmedlet", "Rengöringsmedel doseras för starkt för hand, "
     "sätt upp en doseringsapparat.", True),
    ("Städschemat borde sitta på dörren så lärarna ser när klassrummet städas",
     "Städschema på klassrumsdörrarna", "Sätt upp städschemat på varje klassrumsdörr så lärare "
     "vet när vi kommer.", True),
    ("Höj diskbänkarna i köket, vi får ont i ryggen av att diska",
     "Höj- och sänkbar diskbänk", "Diskbänken är för låg och ger ryggont vid disken.", True),
    ("Servera vegetarisk mat en dag i veckan i skolmatsalen",
     "Vegetarisk dag i skolmatsalen", "En vegetarisk lunch varje vecka för eleverna.", True),
    ("Matsvinnet är stort, väg svinnet varje dag och visa eleverna",
     "Väga matsvinn", "Vi slänger mycket mat. Väg matsvinnet dagligen och sätt upp resultatet "
     "i matsalen.", True),
    ("Kylskåpens temperatur borde loggas automatiskt med givare",
     "Temperaturgivare i kylarna", "Automatisk loggning av kylskåpstemperaturen i stället för "
     "att skriva på papper.", True),
    ("Allergimaten förväxlas ibland, märk allergiportioner med färgade lock",
     "Märkning av specialkost", "Portioner med specialkost för allergiker förväxlas, använd "
     "färgade lock.", True),
    ("Ljudabsorbenter i matsalen, det är så högljutt att barnen inte hör varandra",
     "Dämpa ljudet i matsalen",
     "Matsalen är för högljudd, sätt upp ljudabsorbenter i taket.", True),
    ("Skolgården behöver fler bänkar där eleverna kan sitta på rasten",
     "Bänkar på skolgården", "Det finns för få sittplatser på skolgården under rasterna.", True),
    ("Cykelställen vid skolan är trasiga och för få",
     "Nya cykelställ", "Cykelstället vid skolans entré är sönder och räcker inte till alla "
     "cyklar.", True),
    ("Läsplattor till elever med läs- och skrivsvårigheter",
     "Läsplatta för dyslektiker", "Elever med läs och skrivsvårigheter behöver egna läsplattor "
     "med talsyntes.", True),
    ("Lärarna får inte tag på vikarier på morgonen, gör en vikariepool",
     "Vikariepool för skolorna", "Det tar för lång tid att hitta en vikarie på morgonen, starta "
     "en gemensam pool.", True),
    ("Belysningen på parkeringen är dålig, vi är rädda när vi går till bilen på kvällen",
     "Lampor på personalparkeringen", "Det är mörkt på parkeringen på kvällspassen, sätt upp "
     "fler lampor.", True),
    ("Dokumentera besöken direkt i mobilen hos brukaren",
     "Mobil dokumentation", "Vi dokumenterar besök på kontoret i efterhand, låt oss "
     "dokumentera i mobilen på plats.", True),
    ("Rollatorerna står i korridoren och folk snubblar på dem",
     "Plats för rollatorer", "Rollatorer i korridoren gör att boende och personal snubblar, "
     "ordna en rollatorparkering.", True),
    ("Sängarna hos brukarna är för låga, höj- och sänkbara sängar skulle spara ryggar",
     "Elsängar hos brukarna", "Lyft hos brukare med låga sängar ger ont i ryggen, ansök om "
     "höj och sänkbara sängar.", True),
    ("Nattpersonalen saknar en plats att värma maten, köp en mikrovågsugn",
     "Mikro till nattpasset", "Nattpersonalen har ingen mikrovågsugn att värma matlådan i.", True),
    ("Sopsorteringen i personalrummet, fler kärl för plast och papper",
     "Källsortering i personalrummet", "Sätt upp sorteringskärl för plast, papper och matavfall "
     "i personalrummet.", True),
    ("Schemat för semestern kommer för sent, vi vill veta i mars",
     "Semesterschema tidigare", "Semesterschemat borde vara klart redan i mars så vi kan planera.",
     True),
    ("Arbetskläderna krymper i tvätten, köp kläder i bättre kvalitet",
     "Bättre arbetskläder", "Arbetskläder av dålig kvalitet krymper och går sönder efter några "
     "tvättar.", True),
    ("Introduktion för nyanställda med en fadder första veckan",
     "Fadder för nya kollegor", "Varje nyanställd får en fadder under introduktionen.", True),
    ("Diskmaskinen i skolköket går sönder hela tiden, byt ut den",
     "Ny diskmaskin i köket", "Skolkökets diskmaskin är trasig varannan vecka.", True),
    # --- Near misses: the same place or things, another idea ---------------------------
    ("Belysning i trappan vid entrén, det är mörkt på kvällen",
     "Halkskydd vid entrén", "Ströa sand och lägg halkskydd vid entrén på vintern.", False),
    ("Byt handskarnas leverantör, de går sönder direkt",
     "Handsprit i bilarna", "Ha handsprit i alla hemtjänstbilar.", False),
    ("Batterierna i trygghetslarmen borde bytas oftare",
     "Fler larmknappar", "Brukarna vill ha larmknappen på armen i stället för runt halsen.", False),
    ("Tvätta bilarna oftare, de är smutsiga inuti",
     "Vinterdäck i tid", "Byt till vinterdäck på hemtjänstbilarna innan första snön.", False),
    ("Städvagnen borde ha ett lås för kemikalierna",
     "Större hjul på städvagnen", "Städvagnens hjul fastnar i trösklarna, byt till större hjul.",
     False),
    ("Schemalägg fönsterputs två gånger per år i skolan",
     "Städa gympasalen oftare", "Golvet i gymnastiksalen är dammigt, städa det varje dag.", False),
    ("Ta bort mattorna vid ytterdörrarna, de samlar smuts",
     "Nya torkmattor", "Torkmattorna vid entréerna är slitna, beställ nya mattor.", False),
    ("Skolköket borde baka eget bröd",
     "Glutenfritt bröd", "Det behövs mer glutenfritt bröd till elever med celiaki.", False),
    ("Eleverna vill ha frukt på eftermiddagen",
     "Frukost i skolan", "Servera frukost före första lektionen för elever som inte ätit.", False),
    ("Längre lunchrast för eleverna så de hinner äta",
     "Rastvakter på skolgården", "Fler vuxna ute som rastvakter på skolgården.", False),
    ("Kopiatorn i lärarrummet går sönder, serviceavtal behövs",
     "Färgskrivare i lärarrummet", "Köp en färgskrivare till lärarrummet.", False),
    ("Personalrummet behöver en ny soffa",
     "Kaffebryggare i personalrummet", "Köp en ny kaffebryggare till personalrummet.", False),
    ("Matlådor till brukarna borde levereras varma",
     "Matlådor med mindre socker", "Laga matlådorna med mindre socker för diabetiker.", False),
    ("Nyckelbrickor i stället för nycklar till personalentrén",
     "Nyckel till förrådet", "Alla behöver en egen nyckel till förrådet med arbetsmaterial.",
     False),
    ("Kurs i lyftteknik för ny personal",
     "Taklyft i badrummen", "Installera taklyft i badrummen hos brukare som inte kan stå.", False),
]

TOP = 3


def quality(ask, idea_ids: list) -> tuple[float, float]:
    """Return (top-3 hit rate of duplicates, top-3 rate of near misses).

    ``ask(text)`` returns the ids offered for a text, best first; ``idea_ids[i]``
    is the id of the existing idea of ``PAIRS[i]``.
    """
    hits = misses = offered = near = 0
    for (typed, _title, _description, duplicate), idea_id in zip(PAIRS, idea_ids):
        top = ask(typed)[:TOP]
        if duplicate:
            hits += idea_id in top
            misses += idea_id not in top
        else:
            near += 1
            offered += idea_id in top
    return hits / (hits + misses), offered / near
