"""Part VIII · Data Access and Transactions."""
