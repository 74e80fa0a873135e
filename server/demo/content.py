"""The demo municipality: units, people and ideas, written as plain data."""

# Headcounts add up over the tree: the top unit counts only the staff placed directly in it.
ORGANISATION = ("Exempelkommun", 15, 2.0)

# (name, parent name, headcount, target or None)
UNITS = [
    ("Vård- och omsorgsförvaltningen", "Exempelkommun", 0, None),
    ("Hemtjänst Norr", "Vård- och omsorgsförvaltningen", 48, None),
    ("Hemtjänst Söder", "Vård- och omsorgsförvaltningen", 52, 2.5),
    ("Serviceförvaltningen", "Exempelkommun", 0, None),
    ("Lokalvård", "Serviceförvaltningen", 35, None),
    ("Skolkök Björkskolan", "Serviceförvaltningen", 12, None),
]

# (display name, unit, role, language)
PEOPLE = [
    ("Amira Haddad", "Hemtjänst Norr", "staff", "sv"),
    ("Jonas Berg", "Hemtjänst Norr", "staff", "sv"),
    ("Fatuma Ali", "Hemtjänst Söder", "staff", "en"),
    ("Lena Ek", "Hemtjänst Söder", "staff", "sv"),
    ("Goran Petrović", "Lokalvård", "staff", "sv"),
    ("Sara Nilsson", "Skolkök Björkskolan", "staff", "sv"),
    ("Karin Lund", "Vård- och omsorgsförvaltningen", "handler", "sv"),
    ("Mikael Strand", "Serviceförvaltningen", "handler", "sv"),
    ("Eva Holm", "Exempelkommun", "admin", "sv"),
]

# (name, English name, the unit whose handlers also get its ideas, or None)
CATEGORIES = [
    ("Arbetsmiljö", "Work environment", None),
    ("Hygien", "Hygiene", "Lokalvård"),
    ("Kost", "Food and meals", "Skolkök Björkskolan"),
    ("IT och digitalt stöd", "IT and digital support", None),
    ("Miljö", "Environment", None),
]

# (submitter, title, description, anonymous, path of statuses with notes, photo count,
#  days ago, category or None)
IDEAS = [
    ("Amira Haddad", "Nyckelskåp i bilen",
     "Vi letar efter brukarnas nycklar varje morgon. Ett låst nyckelskåp i varje bil skulle "
     "spara tio minuter per pass.", False,
     [("acknowledged", "Tack! Vi tittar på det på nästa APT."),
      ("in_review", "Vi tar in offert på två modeller."),
      ("approved", "Beslutat: skåp i alla sex bilar."),
      ("implemented", "Skåpen är monterade. Tack för idén!")], 2, 160,
     "Arbetsmiljö"),
    ("Jonas Berg", "Laddkablar i bilarna",
     "Telefonerna dör mitt på passet. Laddkabel och hållare i varje bil.", False,
     [("acknowledged", "Bra poäng, vi kollar vad som finns i förrådet.")], 1, 40,
     "IT och digitalt stöd"),
    ("Fatuma Ali", "Bildstöd för matlådor",
     "Bilder på vilka matlådor som ska till vem, så att nya kollegor hittar rätt.", False,
     [("acknowledged", "Tack Fatuma!"), ("in_review", "Vi provar i en grupp först.")], 1, 75,
     "IT och digitalt stöd"),
    ("Lena Ek", None,
     "Halkskydd till skorna på vintern. Flera har ramlat på trapporna i januari.", True,
     [("acknowledged", "Tack, viktigt för arbetsmiljön."),
      ("approved", "Vi köper in halkskydd till alla.")], 0, 300, "Arbetsmiljö"),
    ("Goran Petrović", "Mikrofiberdukar i fler färger",
     "Fyra färger för olika rum så att vi inte blandar toalett och kök.", False,
     [("acknowledged", ""), ("approved", "Beställt."),
      ("implemented", "Nya dukar finns i förrådet.")], 2, 220, "Hygien"),
    ("Goran Petrović", "Schemat i appen",
     "Visa städschemat för skolan i mobilen i stället för på papper i städskrubben.", False,
     [], 1, 3, "IT och digitalt stöd"),
    ("Sara Nilsson", "Mindre matsvinn",
     "Eleverna tar för mycket sallad. Mindre skålar och skyltar om svinn.", False,
     [("acknowledged", "Tack Sara, spännande!"),
      ("declined", "Vi har inte budget för nya skålar i år. Vi tar upp det igen i höst.")],
     1, 120, "Miljö"),
    ("Sara Nilsson", "Glutenfria bröd märkta",
     "Märk de glutenfria bröden med färgad etikett så att de inte blandas.", False,
     [("acknowledged", "Tack!"), ("in_review", "Vi pratar med leverantören.")], 0, 20,
     "Kost"),
    ("Amira Haddad", None,
     "Gemensam digital lista över brukarnas larmnummer, så vi slipper ringa kontoret.", True,
     [], 0, 1, None),
    ("Fatuma Ali", "Parkeringstillstånd",
     "Hemtjänsten får ofta p-böter i centrum. Kan vi få tillstånd för alla bilar?", False,
     [("declined", "Kommunen kan tyvärr inte utfärda fler tillstånd. Använd lastzonerna."),
      ("in_review", "Vi tar upp frågan med trafikenheten igen.")], 1, 90,
     None),
    ("Lena Ek", "Fler arbetsskor att låna",
     "Nya vikarier har inga skor som tål vatten. Ett lånelager på kontoret?", False,
     [("acknowledged", "Tack Lena.")], 0, 10, "Arbetsmiljö"),
    ("Jonas Berg", "Kaffe till nattpatrullen",
     "En termos och en kaffebryggare på nattbasen.", False,
     [("acknowledged", "Ha ha, tack! Vi fixar det."), ("approved", "Bryggare beställd.")],
     0, 55, "Arbetsmiljö"),
    ("Lena Ek", "Laddare i varje bil",
     "Mobilen tar slut under kvällspasset. Kan vi ha laddare i bilarna?", False, [], 0, 30,
     "IT och digitalt stöd"),
]

# (the duplicate's title, the title of the idea it is merged into, the handler's note)
DUPLICATES = [
    ("Laddare i varje bil", "Laddkablar i bilarna",
     "Samma förslag som Jonas idé, så vi samlar rösterna där."),
]

VOTERS = ["Amira Haddad", "Jonas Berg", "Fatuma Ali", "Lena Ek", "Goran Petrović",
          "Sara Nilsson", "Karin Lund"]

COMMENTS = [
    "Håller med, det här har vi pratat om länge.",
    "Bra idé! Vi på Söder har samma problem.",
    "Kan vi prova en månad först?",
    "Ja tack!",
]
