"""Training heads (PyTorch on CPU, scikit-learn): depends on the core only, never on the run path."""
