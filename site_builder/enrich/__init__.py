"""Stage 2, enrichment: who and where, read from each article's text, then merged site-wide.

Enters: `Article`s, the entity files under `content/actors/` and `content/places/`, the stop
list. Leaves: per-article extraction results (actors, places, mentions, roles, quotes), cached
by text under `.site-builder/enrich/`, and the actor and place tables (`entity_merge`, a
collector; hand edits read by `curation_edits`; generated entity files by `entity_files`).
spaCy (`nlp`, `spans`) gives raw spans; the pure rules (`boundaries`, `entity_rules`,
`entity_cues`, `first_names`, `roles`, `quotes*`, `gazetteer`, `place_context`) decide what
they are; `extract` ties them together for one article."""
