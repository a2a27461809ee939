"""Compose: render prompt files and fit history and retrieved notes into a token budget."""
