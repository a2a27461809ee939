"""The models Peer Coach talks to: chat models (local, remote, fake) and embeddings."""
