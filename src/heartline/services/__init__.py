"""Use cases shared by the CLI, the web app and batch workers."""
