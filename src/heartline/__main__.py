"""``python -m heartline`` runs the command line."""

from heartline.cli.main import run

run()
