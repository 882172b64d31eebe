"""Build-time support for the pattern catalog site (MkDocs hooks and helpers)."""
