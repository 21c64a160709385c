"""Project scaffolding for the peer generators (Hugo, MkDocs) built from the bench corpus."""
