"""Min Vej: a citizen writes their own action plan in a chat and decides who sees it."""
