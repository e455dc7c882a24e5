"""The rules of Min Vej in plain Python: no Reflex here (a test enforces it)."""
