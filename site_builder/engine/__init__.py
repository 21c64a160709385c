"""The engine: runs the stages in order and remembers what each learnt.

Enters: a `SiteConfig` (site.yml) and the site's folders. Leaves: a `BuildReport`, output/
replaced on success. `changes` is the one change detector (stat snapshot → `Changes`);
`build_memo` and `build_state` keep what the next build may reuse (plain data, never pickle);
`cache_files` reads those caches as untrusted input."""
