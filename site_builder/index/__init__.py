"""Stage 3, indexes: the articles and the actor and place tables become one `Site`.

Enters: articles with their entities, and the merged actor and place tables (enrich).
Leaves: a `Site` with mention counts, co-occurrences and each entity's articles
(`indexes.update_site`). It is a collector: an article's contribution is retracted and added
again, so one changed article and a full build are the same code."""
