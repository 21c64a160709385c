"""Stage 1, ingest and load: raw seeds become articles.

Enters: `seeds/*.txt` (and sidecars) with the changes since the last build. Leaves:
`content/articles/*.md` (curated: a hand-edited file is never overwritten) and, from them,
frozen `Article`s (`content.load_articles`). Headlines, dates and seed text cleaning live here."""
