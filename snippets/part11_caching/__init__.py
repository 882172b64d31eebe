"""Part XI · Caching, Pooling, and Performance."""
