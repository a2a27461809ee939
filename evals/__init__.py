"""Evaluations of Peer Coach, importable and run by the CLI (`peercoach eval ...`)."""
