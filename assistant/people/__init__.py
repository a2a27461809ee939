"""Who may sign in, and who they are to colleagues."""
