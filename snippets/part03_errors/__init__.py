"""Part III · Error Handling."""
