"""Part II · Configuration and Initialization."""
