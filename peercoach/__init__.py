"""The `peercoach` application: the command line over the core (`assistant`), `ui` and `evals`."""
