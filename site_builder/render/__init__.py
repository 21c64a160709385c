"""Stage 4, rendering: the `Site` becomes pages in memory.

Enters: a `Site` and the templates. Leaves: `OutputFile`s (path and bytes), no disk I/O.
`render` runs one job per page; `pages`/`listings` build template contexts; `render_reads`
records what each page read so an edit re-renders only the pages that read a changed key."""
