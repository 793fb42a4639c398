"""Pure extraction: (html, url, profile) -> Article with raw strings. No I/O, no database."""
