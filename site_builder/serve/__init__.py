"""The live preview: `site-builder serve`.

Enters: the site folder and the system's file events. Leaves: an HTTP server over output/
with live reload; each rebuild runs the engine with the memos kept in memory."""
