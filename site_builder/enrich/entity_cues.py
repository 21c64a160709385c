"""Generic French cue words for cleaning and typing entity spans (no named entities here).

Every set holds folded forms (see gazetteer.fold): lower case, no accents, apostrophes
and hyphens as spaces.
"""

from __future__ import annotations

import unicodedata


def fold_ascii(word: str) -> str:
    """A cue word without accents, lower case (cue sets hold folded forms)."""
    return unicodedata.normalize("NFKD", word.lower()).encode("ascii", "ignore").decode("ascii")


WEEKDAYS = frozenset("lundi mardi mercredi jeudi vendredi samedi dimanche".split())
MONTHS = frozenset(
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre".split())
TIME_WORDS = frozenset(
    "matin soir soiree midi nuit hier aujourd demain dernier derniere prochain prochaine "
    "annee annees an ans mois semaine semaines jour jours heure heures minute minutes "
    "printemps ete automne hiver noel paques".split())

LEADING_PREPOSITIONS = frozenset(
    "a au aux dans pour selon depuis chez avec apres avant vers sous par contre entre et mais "
    "ou donc puis lors malgre outre".split())
"""Capitalised prepositions stripped from a span's start (`A Matignon` -> `Matignon`)."""

DETERMINERS = frozenset("le la les l d de du des un une au aux en a et ou dans sur par pour".split())
"""Words stripped from the start of a span when written in lower case (`la Russie`)."""

FUNCTION_WORDS = frozenset((
    "le la les l un une des du de d au aux ce cet cette ces son sa ses leur leurs mon ma mes "
    "il elle ils elles on nous vous je tu lui eux qui que quoi dont ou et mais donc or ni car "
    "si selon depuis pendant avant apres avec sans sous chez entre vers pour par dans sur en "
    "contre malgre parmi lors comme ainsi alors aussi encore enfin puis tout tous toute toutes "
    "cela ceci ici la bas oui non bien tres plus moins deja jamais toujours souvent parfois "
    "pourtant cependant toutefois neanmoins desormais certes surtout notamment mme m mr "
    "monsieur madame mademoiselle messieurs mesdames dieu etat etats gouvernement republique "
    "president presidente premier premiere ministre ministres pays region "
    "ville province capitale regime armee opposition majorite justice police gendarmerie "
    "europeen europeenne internet web covid ca").split())
"""A single-token span that is one of these is a common word, never an entity."""

COMMON_PHRASES = frozenset({"outre atlantique", "outre manche", "outre rhin", "outre quievrain",
                            "outre mer", "etat major", "chef d etat", "coup d etat",
                            "organisation non gouvernementale", "organisations non gouvernementales",
                            "comite d entreprise", "comite social et economique",
                            "conseil d administration", "assemblee generale", "conseil de surveillance"})
"""Hyphenated common words the model takes for names (`Outre-Atlantique`), and kinds of bodies
every organisation has or is (`Comité d'entreprise`, `Organisation non gouvernementale`)."""

GENERIC_HEADS = {
    "province": "region", "region": "region", "departement": "region", "etat": "region",
    "territoire": "region", "canton": "region", "comte": "region", "oblast": "region",
    "ville": "city", "commune": "city", "village": "city", "capitale": "city",
    "localite": "city", "agglomeration": "city", "metropole": "city", "cite": "city",
    "quartier": "other", "pays": "country", "ile": "other", "iles": "other",
    "vallee": "region", "massif": "region", "plaine": "region", "bassin": "region",
    "prefecture": "city", "sous prefecture": "city",
}
"""Lower-case heads stripped from `province d'X`, with the kind of place they announce."""

TITLES = frozenset((
    "president presidente presidents ministre ministres premier secretaire secretaires "
    "chancelier chanceliere roi reine prince princesse emir sultan cheikh pape cardinal "
    "eveque imam rabbin general generale generaux colonel commandant capitaine lieutenant "
    "marechal amiral maire maires adjoint adjointe depute deputee deputes senateur senatrice "
    "senateurs conseiller conseillere gouverneur gouverneure prefet prefete juge juges "
    "procureur procureure avocat avocate avocats porte parole directeur directrice directeurs "
    "patron patronne pdg dg fondateur fondatrice chef cheffe dirigeant dirigeante "
    "dirigeants leader candidat candidate candidats commissaire inspecteur ambassadeur "
    "ambassadrice envoye emissaire diplomate negociateur vice entraineur entraineuse "
    "selectionneur joueur joueuse attaquant attaquante defenseur milieu gardien capitaine "
    "champion championne ecrivain ecrivaine romancier romanciere auteur autrice realisateur "
    "realisatrice acteur actrice chanteur chanteuse artiste journaliste economiste "
    "historien historienne sociologue politologue chercheur chercheuse professeur "
    "professeure docteur medecin chirurgien infirmier infirmiere militant militante "
    "syndicaliste opposant opposante dissident dissidente activiste eurodepute "
    "eurodeputee ex ancien ancienne nouveau nouvelle m mme mr dr pr me mgr "
    "monsieur madame epouse epoux fils fille frere soeur pere mere veuve").split())
"""Words announcing a person right after them (`le président X`, `Mme X`)."""

ORG_HEADS = frozenset((
    "groupe groupes organisation organisations parti partis ministere ministeres armee armees chambre "
    "agence agences ong association associations union federation confederation banque "
    "conseil commission fondation comite front mouvement universite syndicat societe "
    "compagnie institut tribunal cour assemblee senat office ligue club fc as ol olympique "
    "stade racing entreprise entreprises groupement coalition alliance brigade brigades "
    "forces force milice milices faction reseau reseaux chaine journal quotidien hebdomadaire "
    "radio television editions fonds caisse autorite haute observatoire centre hopital "
    "ecole lycee college academie orchestre opera theatre musee festival equipe "
    "regie direction bureau secretariat gouvernement cabinet mairie prefecture police "
    "gendarmerie parquet conseil etat-major etat major cnrs inserm sncf ratp "
    "communaute organisme consortium holding laboratoire laboratoires bourse real atletico "
    "sporting borussia dynamo spartak girondins ogc losc sc rc us ac ssc coordination commando "
    "collectif conseil").split())
"""First words of organisation names, and words announcing one in apposition (`, un groupe`)."""

GENERIC_INSTITUTIONS = frozenset((
    "prefecture parquet mairie conseil cour agence ministere federation syndicat "
    "parti hopital universite academie tribunal departement").split())
"""Nouns of kinds of institutions: alone (`la Préfecture`, `le Conseil`), capitalised or not,
they name no one institution (`Sénat`, `Parlement`, `Assemblée` do, and so does `la Commission`,
the European one, in most news: not here)."""

SITE_HEADS = frozenset(
    "place rue avenue boulevard quai pont parc square esplanade aéroport gare jardin jardins "
    "cathédrale église basilique palais château".split())
"""Lower-case heads of named sites, as written (`rue de X`, `aéroport d'X`): the
head and the name after it are one place (boundaries.take_head)."""

BUILDING_HEADS = frozenset("gymnase collège lycée stade salle hôpital camping".split())
"""Heads of buildings named after someone or something (`collège X`, `salle
X`); followed by `de X` they only say where the building is (`gymnase de X`)."""

NATURAL_HEADS = frozenset(
    "mer ocean golfe detroit lac mont monts massif fleuve riviere canal baie cap desert "
    "plateau vallee chaine".split())
"""Lower-case heads of natural features, which also come straight before the name (`lac Tchad`)."""
GEOGRAPHIC_HEADS = NATURAL_HEADS | frozenset(
        fold_ascii(head) for head in SITE_HEADS | BUILDING_HEADS)
"""Lower-case heads that begin a place's own name (`mer du Nord`, `golfe de Guinée`)."""

ORG_LEFT_CUES = frozenset((
    "branche filiale militants membres membre dirigeants dirigeant porte parole fondateur "
    "fondatrice sympathisants adherents cadres combattants jihadistes djihadistes "
    "actionnaires salaries employes syndicats patron patronne pdg president presidente "
    "directeur directrice secretaire general generale depute deputee deputes deputees "
    "eurodepute eurodeputee eurodeputes eurodeputees senateur senatrice senateurs senatrices").split())
"""Words before `de X` / `d'X` that make an unknown X an organisation (`la branche d'X`, `le
député de X`: a party, when X is no place the gazetteer knows)."""

ORG_TITLES = frozenset((
    "start up startup entreprise societe groupe firme constructeur geant fabricant fonds club "
    "banque parti syndicat operateur editeur laboratoire assureur distributeur chaine journal "
    "quotidien hebdomadaire magazine radio application plateforme reseau compagnie ong "
    "association cabinet agence enseigne marque equipementier transporteur armateur "
    "organisation mouvement formation collectif federation institut media site secte").split())
"""Words announcing an organisation right before its name (`la start-up française X`)."""

PORTFOLIOS = frozenset((
    "economie finances budget comptes interieur exterieur culture justice defense armees sante "
    "education travail emploi agriculture transports logement sports sport jeunesse outre mer "
    "affaires etrangeres europeennes sociales industrie commerce environnement ecologie "
    "transition ecologique energie numerique recherche enseignement superieur solidarites "
    "famille egalite cohesion territoires ville fonction publique relations collectivites "
    "mer tourisme anciens combattants memoire information communication").split())
"""Words of ministers' portfolios: `ministre de l'Intérieur` names no entity."""

CIVILITIES = frozenset("m mme mmes mlle mr me mgr dr pr monsieur madame".split())
"""Civilities stripped from the start of a person's span (`M. X` -> `X`)."""

PLATFORM_VERBS = frozenset((
    "ecrit ecrire publie publiee poste postee tweete message messages annonce compte "
    "video videos gazouille partage partagee diffuse diffusee live").split())
"""Words that, in the same sentence before `sur X`, make X a platform (an organisation)."""

PLATFORMS = frozenset((
    "facebook instagram youtube tiktok linkedin telegram whatsapp snapchat reddit bluesky "
    "mastodon threads signal wikipedia google twitch discord twitter").split())
"""Well-known platforms and web services: organisations when tagged MISC."""

VERB_SUFFIXES = ("e", "ee", "es", "ees", "ant", "ants", "ante", "antes", "ment", "ait", "aient",
                 "erent", "ira", "iront", "era", "eront", "ons", "ez")
"""Endings of participles, adverbs and conjugated verbs: a sentence-initial capitalised word
with one of these, unknown to every lexicon, is a common word (`Déclenché en 2011, …`)."""

NAME_PARTICLES = frozenset("al el ben bin ibn abu de du des da di van von der den la le ould".split())
"""Particles of surnames: `Al-X`, `El X`, `de X`, `van X` are variants of `X`."""

DEMONYM_SUFFIXES = ("iennes", "ienne", "iens", "ien", "aises", "aise", "ais", "aines", "aine",
                    "ains", "ain", "oises", "oise", "ois", "ites", "ite", "ines", "ine", "ins",
                    "in", "ques", "que", "andes", "ande", "ands", "and", "es", "e", "s", "ens",
                    "en", "ennes", "enne", "ots", "ote", "ot", "ins", "ens")
"""Endings of French demonyms; stem + ending matching a country name is a demonym."""

IRREGULAR_DEMONYMS = {
    "americain": "US", "etats unien": "US", "turc": "TR", "turque": "TR", "grec": "GR",
    "grecque": "GR", "britannique": "GB", "anglais": "GB", "ecossais": "GB", "gallois": "GB",
    "suisse": "CH", "belge": "BE", "neerlandais": "NL", "hollandais": "NL", "danois": "DK",
    "suedois": "SE", "espagnol": "ES", "saoudien": "SA", "emirati": "AE", "qatari": "QA",
    "afghan": "AF", "indien": "IN", "nord coreen": "KP", "ivoirien": "CI", "malgache": "MG",
    "neo zelandais": "NZ", "polonais": "PL", "kazakh": "KZ", "letton": "LV",
    "chypriote": "CY", "malien": "ML", "nigerian": "NG", "kenyan": "KE", "cubain": "CU",
    "peruvien": "PE", "luxembourgeois": "LU", "monegasque": "MC", "ouzbek": "UZ",
    "kosovar": "XK", "bosniaque": "BA", "catalan": "", "basque": "", "kurde": "",
    "europeen": "", "africain": "", "asiatique": "", "occidental": "", "arabe": "",
    "latino": "", "slave": "", "perse": "",
}
"""Demonyms whose stem does not spell their country's name (regular ones are found by
stripping DEMONYM_SUFFIXES); an empty code is a demonym of no single country."""

ORG_NAME_WORDS = frozenset((
    "hebdo magazine journal quotidien news times post press presse tribune gazette herald "
    "group groupe holding bank banque airlines airways motors records pictures studios "
    "media medias tv tele fm radio inc ltd corp corporation company sa sas sarl gmbh ag llc "
    "plc foundation institute university association federation union party parti "
    "telecom telecoms technologies systems networks energy energies industries assurances "
    "immobilier consulting international internationale").split())
"""Capitalised words that, inside a name (not first), make it an organisation's
(`X Hebdo`, `X Bank`, `X Industries`)."""

COMMON_ABBREVIATIONS = frozenset((
    "jt tgv ter rer smic pib pme tpe eti cdi cdd hlm sdf ivg pma gpa qg vip adn arn ogm sms "
    "gps pv btp tva isf rsa csg crds apl jo ndlr bd dj pdg dg drh cv uv suv vtc rh ehpad "
    "kw mw km irm rtt bts dut covid sida "
    "vih hiv crs avc pse oqtf cse chsct pcr opa qpc plu epr lgv cice plf plfss aoc aop ist "
    "gav smur ovni usb dvd tnt rgpd adsl").split())
"""Acronyms of common nouns (`le Smic`, `un TGV`, `un CDD`, `des CRS`, `un AVC`, `un PSE`, `une
OQTF`, `la TNT`, `le RGPD`): no page, whatever the model says."""

ROAD_CODE = r"^(?:A|N|D|E|RN|RD)\d{1,4}$"
"""`A7`, `RN7`: roads, not entities."""

VESSEL_HEADS = frozenset((
    "navire navires bateau bateaux batiment fregate vedette paquebot cargo petrolier chalutier "
    "voilier ferry remorqueur yacht patrouilleur croiseur thonier vraquier methanier caboteur "
    "destroyer chalutiers").split()) | {"porte conteneurs", "porte avions", "brise glace", "sous marin"}
"""Lower-case heads of ships' names (`le porte-conteneurs X`): a ship is no page."""

NON_ENTITY_HEADS = frozenset((
    "ouragan ouragans tempete tempetes cyclone typhon tornade echelle loi lois syndrome "
    "maladie theoreme effet prix operation emission emissions programme serie feuilleton "
    "film films album albums chanson chansons titre tube livre roman spectacle telecrochet jeu "
    "morceau morceaux single disque opus clip documentaire "
    "concours plan reforme projet dispositif navire bateau batiment fregate vedette "
    "sous marin").split()) | VESSEL_HEADS
"""Lower-case heads after which a name is an event, a law, a work, a scale or a ship
(`l'ouragan X`, `l'échelle de X`, `l'émission X`): no page."""

PUBLISHED_IN = r"\b(?:paru|parue|parus|parues|publié|publiée|publiés|publiées)\s+dans\s+(?:la |le |l')?$"
"""`une étude parue dans X`: X is a journal, an organisation."""

POLL_FOR = (r"\b(?:sondage|baromètre|enquête|étude)s?\b(?:\s+[\w'’-]+){0,4}?\s+"
            r"(?:(?:réalisée?s?|menée?s?|commandée?s?)\s+)?pour\s+(?:la |le |les |l')?$")
"""`un sondage Ifop pour X`, `le baromètre BVA pour X`: X commissioned the poll, an
organisation (a medium, a company), not the town of the same name."""

PLACE_APPOSITIONS = {
    "village": "city", "ville": "city", "commune": "city", "bourg": "city", "hameau": "city",
    "localite": "city", "quartier": "other", "banlieue": "other", "region": "region",
    "departement": "region", "province": "region", "ile": "other", "archipel": "other",
}
"""`X, un village du Jura`: the head of an apposition that makes X a place."""

SHOUTED_RUBRICS = frozenset((
    "urgent alerte flash info infos video videos photo photos direct exclusif exclusive "
    "sondage enquete entretien interview temoignage temoignages analyse decryptage recit "
    "portrait tribune edito editorial chronique infographie carte reportage revelations "
    "revelation document documents breaking update live replay bilan focus zoom "
    "economie politique societe culture monde international sport sports sante justice "
    "environnement planete sciences science medias people insolite education").split())
"""Rubrics a lede shouts in capitals (`VIDEO.`, `URGENT -`, `SONDAGE EXCLUSIF.`), news
sections among them (`ÉCONOMIE -`, `SOCIÉTÉ -`): no entity."""

EVENT_HEADS = frozenset((
    "coupe championnat championnats jeux mondial mondiaux tournoi marathon rallye "
    "jo biennale exposition foire olympiades").split()) | {
        "grand prix", "ligue des champions", "ligue europa", "ligue des nations", "ligue 1", "ligue 2"}
"""Capitalised first words of events' names (`Coupe d'Afrique des nations`, `Jeux
olympiques`), and the first two or three of competitions whose head is also an organisation's
(`Ligue` of `Ligue des champions`, not of `Ligue des droits de l'homme`): events get no page."""

EVENT_HEADS_OF = frozenset("congres sommet salon conference forum journees assises festival".split())
"""First words of events' names only when a complement follows (`Congrès des maires`,
`Sommet de l'Otan`; `le Congrès américain` is an institution)."""
