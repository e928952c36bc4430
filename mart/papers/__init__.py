"""Papers for the council and office files: the meeting pack, protocols, exports, shared charts."""
