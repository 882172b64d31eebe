"""Part XV · Generics and Modern Go."""
