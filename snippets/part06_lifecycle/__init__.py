"""Part VI · Lifecycle and Orchestration."""
