"""Part VII · Resilience and Reliability."""
