"""Part IV · Context and Resource Management."""
