"""Part I · Interface Design and Composition."""
