"""Passwords, login sessions, invitations and login throttling."""
