"""Ingest: read know-how from files into notes, cut them into chunks, hand them to the index."""
