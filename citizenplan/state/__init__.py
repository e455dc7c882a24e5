"""Reflex states: thin. A handler reads its input, calls one domain function with the acting user,
and sets what the page shows."""
