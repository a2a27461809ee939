"""Keeping data safe on disk: atomic files, one writer per data dir, backup and restore."""
