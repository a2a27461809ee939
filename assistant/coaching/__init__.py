"""Coaching flows: prepare a peer session, reflect afterwards, follow up, share a lesson."""
