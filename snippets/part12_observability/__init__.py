"""Part XII · Observability and Operations."""
