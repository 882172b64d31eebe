"""Part X · Events, Streams, and State Machines."""
