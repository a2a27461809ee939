"""Memory: sessions, case briefs, journal entries, commitments and lessons, kept per user."""
