"""The stages' diagnostics (`path:line: problem; fix`) in French, for the users of a French site.

The stages write their messages in English, whole, where the problem is found; the CLI and
serve translate them here, where they are shown. Each English message template (its literal
text, `{}` where a value goes) has its French counterpart, with the values in the order the
French sentence needs (`{0}`, `{1}`…); a value that is itself a phrase of ours (a type name, a
folder problem) is translated too. A message with no entry is shown as it was written (tests
check that every message of the package has one).
"""

from __future__ import annotations

import os
import re

MESSAGES: dict[str, str] = {
    "an untouched copy of {}, left out until it is edited; change its `name:` (or remove it)":
        "copie inchangée de {}, ignorée tant qu'elle n'est pas modifiée ; changez son `name:` "
        "(ou supprimez-la)",
    "is a link to a file outside the site; copy the file into the site instead":
        "est un lien vers un fichier hors du site ; copiez le fichier dans le site",
    "has the same path as the generated page {}; rename or remove it":
        "a le même chemin que la page générée {} ; renommez-le ou supprimez-le",
    "left as it was: the build found {} error(s), so no page was published, changed or removed; "
    "fix them and build again":
        "laissé tel quel : la construction a trouvé {} erreur(s), aucune page n'a donc été "
        "publiée, modifiée ni retirée ; corrigez-les et relancez la construction",
    "{} must be {}, got {}; fix the value": "{} doit être {}, trouvé {} ; corrigez la valeur",
    "must be a mapping of `key: value`; see the README for the keys":
        "doit être une suite de lignes `clé: valeur` ; voyez le README pour les clés",
    "unknown key {}; known keys: {}": "clé inconnue {} ; clés connues : {}",
    "{} must be between {} and {}, got {}; fix the value":
        "{} doit être entre {} et {}, trouvé {} ; corrigez la valeur",
    "is not UTF-8 text; save it as UTF-8":
        "n'est pas du texte UTF-8 ; enregistrez-le en UTF-8",
    "invalid YAML: {}; fix the syntax": "YAML invalide : {} ; corrigez la syntaxe",
    "{} is an impossible date ({}); write it as YYYY-MM-DD":
        "{} est une date impossible ({}) ; écrivez-la AAAA-MM-JJ",
    "must be a whole number of seconds, got {}":
        "doit être un nombre entier de secondes, trouvé {}",
    "'date' must be YYYY-MM-DD, got {}; fix the date":
        "'date' doit être de la forme AAAA-MM-JJ, trouvé {} ; corrigez la date",
    "has the same slug {} as {}; set another `slug:` in its front matter":
        "a le même slug {} que {} ; donnez-lui un autre `slug:` dans son en-tête",
    "{} must be a slug (lowercase ASCII letters, digits and hyphens, at most {}), got {}; "
    "use e.g. {}":
        "{} doit être un slug (lettres ASCII minuscules, chiffres et traits d'union, {} au "
        "plus), trouvé {} ; écrivez par exemple {}",
    "{} {}, got {}; fix the value": "{} {}, trouvé {} ; corrigez la valeur",
    "front matter needs a {} (text); add `{}: ...`":
        "l'en-tête doit contenir {} (un texte) ; ajoutez `{}: ...`",
    "'undated' must be true or false, got {}; fix it":
        "'undated' doit valoir true ou false, trouvé {} ; corrigez-le",
    "has both a 'date' and `undated: true`; remove one of them":
        "a à la fois une 'date' et `undated: true` ; retirez l'un des deux",
    "front matter needs a 'date' (YYYY-MM-DD); add `date: ...`, or `undated: true` if the "
    "article has none":
        "l'en-tête doit contenir une 'date' (AAAA-MM-JJ) ; ajoutez `date: ...`, ou "
        "`undated: true` si l'article n'en a pas",
    "{} must be a text, got {}; fix the value": "{} doit être un texte, trouvé {} ; corrigez la valeur",
    "{} must be a list of slugs, like `{}: [un-slug]`":
        "{} doit être une liste de slugs, comme `{}: [un-slug]`",
    "'merge_into' must be the slug of another file of the same folder (its name without .md), "
    "e.g. `merge_into: jean-dupont`, got {}":
        "'merge_into' doit être le slug d'un autre fichier du même dossier (son nom sans .md), "
        "par exemple `merge_into: jean-dupont`, trouvé {}",
    "{} must be a list of names, e.g. `{}: [A, B]`":
        "{} doit être une liste de noms, par exemple `{}: [A, B]`",
    "the Dask scheduler {} (`scheduler:` or --scheduler) needs Dask, which is not installed; "
    "run `pip install 'site-builder[dask]'`, or remove the scheduler to enrich locally":
        "l'ordonnanceur Dask {} (`scheduler:` ou --scheduler) demande Dask, qui n'est pas "
        "installé ; lancez `pip install 'site-builder[dask]'`, ou retirez l'ordonnanceur pour "
        "analyser les textes sur cette machine",
    "cannot reach the Dask scheduler {} ({}); start it, or remove `scheduler:` / `--scheduler` "
    "to enrich locally":
        "impossible de joindre l'ordonnanceur Dask {} ({}) ; démarrez-le, ou retirez "
        "`scheduler:` / `--scheduler` pour analyser les textes sur cette machine",
    "base_url {} does not match where the site will be published ({}); set `base_url: {}` and "
    "build again":
        "base_url {} ne correspond pas à l'adresse où le site sera publié ({}) ; indiquez "
        "`base_url: {}` et relancez la construction",
    "the last build found {} error(s){}; fix them and build again (`site-builder build`), "
    "then deploy":
        "la dernière construction a trouvé {} erreur(s){} ; corrigez-les, relancez la "
        "construction (`site-builder build`), puis publiez",
    "{}; check the remote and retry": "{} ; vérifiez le dépôt distant et réessayez",
    "git is not installed; install git and retry": "git n'est pas installé ; installez git et réessayez",
    "is not in a git repository; run `git init` and `git remote add origin "
    "https://github.com/USER/REPO.git` first":
        "n'est pas dans un dépôt git ; lancez d'abord `git init` et `git remote add origin "
        "https://github.com/USER/REPO.git`",
    "no remote named {}; add it with `git remote add {} https://github.com/USER/REPO.git` or "
    "choose one with --remote":
        "aucun dépôt distant nommé {} ; ajoutez-le avec `git remote add {} "
        "https://github.com/USER/REPO.git` ou choisissez-en un avec --remote",
    "is the branch checked out; switch to your source branch, then deploy":
        "est la branche en cours ; passez sur votre branche de sources, puis publiez",
    "is checked out in the worktree {}; deploy would move it under that worktree: switch it to "
    "another branch (or `git worktree remove {}`), then deploy":
        "est extraite dans l'arbre de travail {} ; la publication la déplacerait sous cet "
        "arbre : passez-le sur une autre branche (ou `git worktree remove {}`), puis publiez",
    "holds {} commit(s) not on {} and not made by site-builder (latest: {}); deploy would drop "
    "them: push them, or rename the branch (`git branch -m {} OTHER`), then deploy":
        "contient {} commit(s) absents de {} et non faits par site-builder (le dernier : {}) ; "
        "la publication les perdrait : poussez-les, ou renommez la branche "
        "(`git branch -m {} AUTRE`), puis publiez",
    "holds {} commit(s) not made by site-builder (latest: {}); pass --force to replace that "
    "branch with the site":
        "contient {} commit(s) non faits par site-builder (le dernier : {}) ; passez --force "
        "pour remplacer cette branche par le site",
    "does not exist; run `site-builder build`": "n'existe pas ; lancez `site-builder build`",
    "is a symbolic link; GitHub Pages does not serve links, put the file itself":
        "est un lien symbolique ; GitHub Pages ne sert pas les liens, mettez-y le fichier lui-même",
    "git fast-import made no commit; see git's message above":
        "git fast-import n'a fait aucun commit ; voyez le message de git ci-dessus",
    "entity extraction failed ({}); the page is built without actors and places; please report "
    "this bug":
        "l'extraction des entités a échoué ({}) ; la page est construite sans acteurs ni lieux ; "
        "merci de signaler ce bogue",
    "{}; the page is built without actors and places; split the article to get them":
        "{} ; la page est construite sans acteurs ni lieux ; découpez l'article pour les obtenir",
    "spaCy model {} is not installed; run `pip install {}` or set `nlp_model:` to an installed one":
        "le modèle spaCy {} n'est pas installé ; lancez `pip install {}` ou indiquez dans "
        "`nlp_model:` un modèle installé",
    "no such file; give the path of a seed (.txt) or article (.md)":
        "fichier introuvable ; donnez le chemin d'un texte source (.txt) ou d'un article (.md)",
    "binary file, not a text; give a UTF-8 text file":
        "fichier binaire, pas un texte ; donnez un fichier texte UTF-8",
    "cannot read the file ({}); check its permissions":
        "impossible de lire le fichier ({}) ; vérifiez ses droits",
    "the file name is not a slug (lowercase ASCII, digits, hyphens); rename it {}.md":
        "le nom du fichier n'est pas un slug (ASCII minuscule, chiffres, traits d'union) ; "
        "renommez-le {}.md",
    "front matter needs a 'name' (text); add `name: ...`":
        "l'en-tête doit contenir un 'name' (un texte) ; ajoutez `name: ...`",
    "'name' is longer than {} characters; shorten it":
        "'name' dépasse {} caractères ; raccourcissez-le",
    "'kind' must be one of {}, got {}; fix the value":
        "'kind' doit être l'une des valeurs {}, trouvé {} ; corrigez la valeur",
    "{} lists {} names, more than {}; keep those the articles use":
        "{} donne {} noms, plus de {} ; gardez ceux qu'emploient les articles",
    "{} holds a name longer than {} characters; shorten it":
        "{} contient un nom de plus de {} caractères ; raccourcissez-le",
    "{} must be true or false, got {}": "{} doit valoir true ou false, trouvé {}",
    "'latitude' and 'longitude' must be numbers (degrees)":
        "'latitude' et 'longitude' doivent être des nombres (en degrés)",
    "entity slug {} is not a slug; remove cache_dir and build again":
        "le slug d'entité {} n'est pas un slug ; supprimez cache_dir et relancez la construction",
    "is not a regular file; replace it with a Markdown file":
        "n'est pas un fichier ordinaire ; remplacez-le par un fichier Markdown",
    "is larger than {} MiB; split it into several files":
        "dépasse {} Mio ; découpez-le en plusieurs fichiers",
    "front matter holds more than {} values (YAML aliases count each time); shorten it":
        "l'en-tête contient plus de {} valeurs (chaque alias YAML compte à chaque emploi) ; "
        "raccourcissez-le",
    "front matter is nested more than {} levels deep; flatten it":
        "l'en-tête est imbriqué sur plus de {} niveaux ; aplatissez-le",
    "front matter is not closed; add a line `---` after it":
        "l'en-tête n'est pas fermé ; ajoutez une ligne `---` après lui",
    "front matter must be a mapping of `key: value`":
        "l'en-tête doit être une suite de lignes `clé: valeur`",
    "invalid front matter: {}; fix the YAML": "en-tête invalide : {} ; corrigez le YAML",
    "impossible date in front matter ({}); write it as YYYY-MM-DD":
        "date impossible dans l'en-tête ({}) ; écrivez-la AAAA-MM-JJ",
    "cannot be read ({}); check its permissions": "illisible ({}) ; vérifiez ses droits",
    "makes the same content file {} {}; give it another `title` or `slug` in {}":
        "produit le même fichier de contenu {} {} ; donnez-lui un autre `title` ou `slug` dans {}",
    "is {} MiB, larger than the {} MiB a seed may be; split it into several articles":
        "fait {} Mio, plus que les {} Mio permis pour un texte source ; découpez-le en "
        "plusieurs articles",
    "changed since {}{} was generated, but that file was edited by hand and is kept; copy the "
    "change into it by hand, or delete it to regenerate it":
        "a changé depuis la génération de {}{}, mais ce fichier a été modifié à la main et est "
        "conservé ; reportez-y la modification à la main, ou supprimez-le pour le régénérer",
    "is a folder, and seeds are read from the seeds folder itself only; move its files up":
        "est un dossier, et les textes sources ne sont lus que dans le dossier des sources "
        "lui-même ; remontez-y ses fichiers",
    "its seed {} was removed, but this file was edited by hand and is kept; delete it if the "
    "article should go":
        "son texte source {} a été supprimé, mais ce fichier a été modifié à la main et est "
        "conservé ; supprimez-le si l'article doit disparaître",
    "is not a seed (.txt or .md) and is ignored; export it as text or move it out of the seeds "
    "folder":
        "n'est pas un texte source (.txt ou .md) et est ignoré ; exportez-le en texte ou "
        "sortez-le du dossier des sources",
    "has no seed next to it ({}.txt or {}.md); rename or delete it":
        "n'a pas de texte source à côté de lui ({}.txt ou {}.md) ; renommez-le ou supprimez-le",
    "refusing to write this file: {}": "écriture de ce fichier refusée : {}",
    "two pages want this file (the other is {}; case does not count); give one of them another slug":
        "deux pages veulent ce fichier (l'autre est {} ; la casse ne compte pas) ; donnez un "
        "autre slug à l'une d'elles",
    "{} must be a folder inside the site folder, got {}; use e.g. {}":
        "{} doit être un dossier à l'intérieur du site, trouvé {} ; écrivez par exemple {}",
    "is missing from the previous site; delete output/ and build again":
        "manque dans le site précédent ; supprimez output/ et relancez la construction",
    "{} {} overlaps {} {}; every build writes it, so give it a folder of its own":
        "{} {} chevauche {} {} ; chaque construction l'écrit, donnez-lui donc un dossier à lui",
    "was already written into this build; give one of the two pages another slug":
        "a déjà été écrit par cette construction ; donnez un autre slug à l'une des deux pages",
    "already exists with other content; pass --force to overwrite it":
        "existe déjà avec un autre contenu ; passez --force pour l'écraser",
    "{} is not a URL; give the address the site is published at":
        "{} n'est pas une URL ; donnez l'adresse où le site est publié",
    "base_url {} does not match where the site will be published ({}); set `base_url: {}` and "
    "push again":
        "base_url {} ne correspond pas à l'adresse où le site sera publié ({}) ; indiquez "
        "`base_url: {}` et poussez de nouveau",
    "site-builder was installed from {}, which GitHub cannot reach; pass --install "
    "git+https://HOST/OWNER/REPO@COMMIT (a pinned git URL) or --install "
    "PATH/site_builder-VERSION-py3-none-any.whl (a wheel committed to this repository)":
        "site-builder a été installé depuis {}, que GitHub ne peut pas atteindre ; passez "
        "--install git+https://HOTE/PROPRIETAIRE/DEPOT@COMMIT (une URL git épinglée) ou "
        "--install CHEMIN/site_builder-VERSION-py3-none-any.whl (un wheel versionné dans ce dépôt)",
    "{} is neither a pinned git URL nor a wheel (.whl) inside this repository; build one with "
    "`pip wheel --no-deps -w wheels .` in site-builder's folder and commit it, or give "
    "git+https://…@COMMIT":
        "{} n'est ni une URL git épinglée ni un wheel (.whl) de ce dépôt ; construisez-en un "
        "avec `pip wheel --no-deps -w wheels .` dans le dossier de site-builder et versionnez-le, "
        "ou donnez git+https://…@COMMIT",
    "{} is not a pinned https git URL; write it as git+https://HOST/OWNER/REPO@COMMIT (or @TAG)":
        "{} n'est pas une URL git https épinglée ; écrivez-la "
        "git+https://HOTE/PROPRIETAIRE/DEPOT@COMMIT (ou @ETIQUETTE)",
    "{} (while rendering {}); fix the template": "{} (pendant le rendu de {}) ; corrigez le gabarit",
    "the templates folder leads outside the site (to {}); copy the templates into the site "
    "instead of linking them":
        "le dossier des gabarits mène hors du site (vers {}) ; copiez les gabarits dans le site "
        "au lieu de les lier",
    "Pagefind failed: {}; check that the site has HTML pages, or set `search: false` in site.yml":
        "Pagefind a échoué : {} ; vérifiez que le site a des pages HTML, ou indiquez "
        "`search: false` dans site.yml",
    "Pagefind indexed no page; mark page content with `data-pagefind-body`":
        "Pagefind n'a indexé aucune page ; marquez le contenu des pages avec `data-pagefind-body`",
    "Pagefind took more than {} s; set `search: false` in site.yml to build without search":
        "Pagefind a pris plus de {} s ; indiquez `search: false` dans site.yml pour construire "
        "sans recherche",
    "cannot run Pagefind ({}); reinstall it with `pip install pagefind-bin`":
        "impossible de lancer Pagefind ({}) ; réinstallez-le avec `pip install pagefind-bin`",
    "the `pagefind-bin` package is not installed; install it with `pip install pagefind-bin`":
        "le paquet `pagefind-bin` n'est pas installé ; installez-le avec `pip install pagefind-bin`",
    "the `pagefind-bin` package has no Pagefind binary for this platform; reinstall it, or set "
    "`search: false` in site.yml":
        "le paquet `pagefind-bin` n'a pas de binaire Pagefind pour cette plateforme ; "
        "réinstallez-le, ou indiquez `search: false` dans site.yml",
    "Pagefind wrote no readable {} ({}); rebuild, and report the problem if it persists":
        "Pagefind n'a écrit aucun {} lisible ({}) ; relancez la construction, et signalez le "
        "problème s'il persiste",
    "is encoded in {}, not UTF-8 (read as {}); save it as UTF-8":
        "est encodé en {}, pas en UTF-8 (lu comme {}) ; enregistrez-le en UTF-8",
    "is empty; write the article text in it, or delete the file":
        "est vide ; écrivez-y le texte de l'article, ou supprimez le fichier",
    "no date found in the text (such as `lundi 3 septembre`), dated {}; set `date: YYYY-MM-DD` "
    "in {}":
        "aucune date trouvée dans le texte (comme `lundi 3 septembre`), daté du {} ; indiquez "
        "`date: AAAA-MM-JJ` dans {}",
    "has a photo caption but no article text; add the text below the caption, or delete the file":
        "a une légende de photo mais pas de texte d'article ; ajoutez le texte sous la légende, "
        "ou supprimez le fichier",
    "must be a mapping (title, date, …); write one `key: value` per line":
        "doit être une suite de clés (title, date, …) ; écrivez une ligne `clé: valeur` par clé",
    "no date found in the text (such as `lundi 3 septembre`), shown as undated; set "
    "`date: YYYY-MM-DD` in {}":
        "aucune date trouvée dans le texte (comme `lundi 3 septembre`), affiché sans date ; "
        "indiquez `date: AAAA-MM-JJ` dans {}",
    "has no words to make a title from; set `title: ...` in {}":
        "n'a aucun mot dont faire un titre ; indiquez `title: ...` dans {}",
    "another seed already has the {} {} {}; this one is published as {} (set another one to "
    "choose)":
        "un autre texte source a déjà le {} {} {} ; celui-ci est publié sous {} (indiquez-en un "
        "autre pour choisir)",
    "impossible date ({}); write it as YYYY-MM-DD": "date impossible ({}) ; écrivez-la AAAA-MM-JJ",
    "'title' must be a non-empty text, got {}; fix the title":
        "'title' doit être un texte non vide, trouvé {} ; corrigez le titre",
    "is a binary file, not text; remove it from the seeds folder or export the article as UTF-8 "
    "text":
        "est un fichier binaire, pas du texte ; retirez-le du dossier des sources ou exportez "
        "l'article en texte UTF-8",
    "is not UTF-8 and does not read as cp1252 or latin-1 French text; save it as UTF-8":
        "n'est pas en UTF-8 et ne se lit pas comme du français en cp1252 ou latin-1 ; "
        "enregistrez-le en UTF-8",
    "is neither UTF-8 nor cp1252/latin-1 text; save it as UTF-8":
        "n'est ni du texte UTF-8 ni du cp1252/latin-1 ; enregistrez-le en UTF-8",
    "cannot listen there ({}); choose another --port":
        "impossible d'écouter là ({}) ; choisissez un autre --port",
    "is not empty; choose a new folder name": "n'est pas vide ; choisissez un nouveau nom de dossier",
    "{} is over GitHub's {} file limit; the push will be refused — make the file smaller or host "
    "it elsewhere":
        "{} dépasse la limite de {} par fichier de GitHub ; le push sera refusé : réduisez le "
        "fichier ou hébergez-le ailleurs",
    "is {}, over GitHub's {} file limit, so the push would be refused; make it smaller or "
    "host it elsewhere, then deploy again":
        "fait {}, au-delà de la limite de {} par fichier de GitHub : le push serait refusé ; "
        "réduisez-le ou hébergez-le ailleurs, puis publiez à nouveau",
    "is {}, over GitHub's {} file limit (as are {} other file(s)), so the push would be "
    "refused; make it smaller or host it elsewhere, then deploy again":
        "fait {}, au-delà de la limite de {} par fichier de GitHub (comme {} autre(s) "
        "fichier(s)) : le push serait refusé ; réduisez-le ou hébergez-le ailleurs, puis publiez "
        "à nouveau",
    "{} is over the {} GitHub warns about; make the file smaller":
        "{} dépasse les {} au-delà desquels GitHub avertit ; réduisez le fichier",
    "the site is {}, over GitHub Pages' {} limit; GitHub may refuse to publish it":
        "le site fait {}, au-delà de la limite de {} de GitHub Pages ; GitHub peut refuser de le "
        "publier",
    "{} {} {}": "{} {} {}",
}
"""English message template -> French template; `{}` are the values, in order."""

PHRASES: dict[str, str] = {
    "a list of strings": "une liste de textes",
    "a string": "un texte",
    "a whole number": "un nombre entier",
    "true or false": "true ou false",
    "a date (YYYY-MM-DD)": "une date (AAAA-MM-JJ)",
    "a date-time (YYYY-MM-DD HH:MM:SS)": "une date et une heure (AAAA-MM-JJ HH:MM:SS)",
    "which exists and comes from no seed": "qui existe et ne vient d'aucun texte source",
    "as {}": "que {}",
    "slug": "slug",
    "title": "titre",
    "without a date": "sans date",
    " (first: {})": " (la première : {})",
    "on {}": "le {}",
    "a text of 1 to {} characters": "un texte de 1 à {} caractères",
    "an http(s) address or a relative path in ASCII, without spaces or quotes":
        "une adresse http(s) ou un chemin relatif en ASCII, sans espaces ni guillemets",
    "must be a text of 1 to {} characters": "doit être un texte de 1 à {} caractères",
    "must name a template of the theme, like 'article.html' (no '..', no absolute path)":
        "doit nommer un gabarit du thème, comme 'article.html' (sans '..', sans chemin absolu)",
    "must be an http(s) address or a relative path in ASCII, without spaces or quotes":
        "doit être une adresse http(s) ou un chemin relatif en ASCII, sans espaces ni guillemets",
    "may only be an http:// or https:// address or a path inside the site":
        "ne peut être qu'une adresse http:// ou https:// ou un chemin à l'intérieur du site",
    "goes through the symbolic link {} (to {}); site-builder writes there, so it must be a real "
    "folder: remove the link or choose another folder":
        "passe par le lien symbolique {} (vers {}) ; site-builder y écrit, ce doit donc être un "
        "vrai dossier : retirez le lien ou choisissez un autre dossier",
    "is inside git's own folder; choose a folder outside `.git`":
        "est dans le dossier propre à git ; choisissez un dossier hors de `.git`",
    "is a hidden folder; every build replaces it, so choose a visible folder of its own, "
    "e.g. 'output'":
        "est un dossier caché ; chaque construction le remplace, choisissez donc un dossier "
        "visible à lui, par exemple 'output'",
    "is a file, not a folder; every build replaces it: choose a new folder name, e.g. 'output'":
        "est un fichier, pas un dossier ; chaque construction le remplace : choisissez un "
        "nouveau nom de dossier, par exemple 'output'",
    "is a folder site-builder did not make (it has no {}), and every build replaces or sweeps "
    "it; choose a new folder name, or move that folder away yourself":
        "est un dossier que site-builder n'a pas créé (il n'a pas de {}), et chaque construction "
        "le remplace ou le vide ; choisissez un nouveau nom de dossier, ou déplacez ce dossier "
        "vous-même",
    "cannot be read ({}); fix its permissions": "illisible ({}) ; corrigez ses droits",
}
"""Phrases of ours that reach a message as one of its values, in English -> French."""

LEVELS = {"fr": {"error": "erreur :", "warning": "avertissement :"},
          "en": {"error": "error:", "warning": "warning:"}}


def message_language(site_language: str | None, chosen: str | None = None) -> str:
    """'fr' or 'en': `chosen` (--lang), else $SITE_BUILDER_LANG, else the site's language
    (`language:` in site.yml; French when unknown)."""
    chosen = chosen or os.environ.get("SITE_BUILDER_LANG")
    if chosen in ("fr", "en"):
        return chosen
    return "fr" if site_language is None or site_language.split("-")[0].lower() == "fr" else "en"


def shown(diagnostic_text: str, lang: str) -> str:
    """`path:line: message` with the message in `lang`."""
    location, separator, message = diagnostic_text.partition(": ")
    return f"{location}{separator}{translate(message, lang)}" if separator else diagnostic_text


def translate(message: str, lang: str) -> str:
    """`message` in `lang`: French when the site is, as written otherwise or when unknown."""
    if lang != "fr":
        return message
    return _in_french(message, _MESSAGES) or message


def level(severity: str, lang: str) -> str:
    """'error:' / 'warning:' in `lang` (French puts a space before the colon)."""
    return LEVELS.get(lang, LEVELS["en"])[severity]


def _in_french(text: str, patterns: tuple[tuple[re.Pattern[str], str], ...]) -> str | None:
    for pattern, french in patterns:
        found = pattern.fullmatch(text)
        if found:
            return french.format(*(_value_in_french(value) for value in found.groups()))
    return None


def _value_in_french(value: str) -> str:
    """A value that is a phrase of ours, or a whole `path:line: message` quoted in another
    message (deploy quotes the last build's first error), in French; else as it is."""
    phrase = _in_french(value, _PHRASES)
    if phrase is not None:
        return phrase
    location, separator, message = value.partition(": ")
    french = _in_french(message, _MESSAGES) if separator else None
    return f"{location}{separator}{french}" if french is not None else value


def _compiled(table: dict[str, str]) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Most literal text first, so that a general template ("{} {} {}") is the last tried."""
    ordered = sorted(table.items(), key=lambda item: -len(item[0].replace("{}", "")))
    return tuple((_pattern(english), french) for english, french in ordered)


def _pattern(template: str) -> re.Pattern[str]:
    return re.compile("(.+?)".join(re.escape(part) for part in template.split("{}")), re.DOTALL)


_MESSAGES = _compiled(MESSAGES)
_PHRASES = _compiled(PHRASES)
