"""`python -m peercoach`: the same command line as the `peercoach` script."""

from peercoach.cli import app

app(prog_name="peercoach")
