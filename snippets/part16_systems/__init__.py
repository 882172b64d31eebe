"""Part XVI · Remaining Patterns."""
