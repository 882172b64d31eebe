"""Part XIII · Testing."""
