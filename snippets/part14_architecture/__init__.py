"""Part XIV · Architecture and Package Design."""
