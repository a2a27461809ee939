"""One module per tab: its layout and its handlers, given only the services it uses."""
