"""Part IX · API, Transport, and CLI."""
