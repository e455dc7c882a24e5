"""Reusable UI pieces. Every visible text goes through `t()` so that it follows the user's language."""
