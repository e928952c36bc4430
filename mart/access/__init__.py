"""Access: the rules (``rules``, deny by default), accounts and sessions, cookies, privacy."""
