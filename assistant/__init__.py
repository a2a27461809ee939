"""Peer Coach core: ingest → index → retrieve → compose → model → answer."""
