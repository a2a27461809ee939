"""Domain: the types every stage shares (note, chunk, metadata, scope, freshness, turn)."""
