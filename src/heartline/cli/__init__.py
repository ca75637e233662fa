"""The command line: a thin shell over ``heartline.services``. Only the CLI prints."""
