"""Russian news entity extraction pipeline."""

__version__ = "0.1.0"

__all__ = ["__version__", "load"]


def __getattr__(name: str):
    # ``pipeline.load`` imports pandas on first use only: ``python -m pipeline``
    # and its workers never need it.
    if name == "load":
        from pipeline.frames import load

        return load
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
