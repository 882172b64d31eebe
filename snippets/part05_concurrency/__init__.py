"""Part V · Concurrency Patterns."""
