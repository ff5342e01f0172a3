"""Training of the models shipped in ``pipeline/data`` (``make train``)."""
