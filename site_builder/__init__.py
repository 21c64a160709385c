"""site_builder: a static, documentation-style site generator for French news articles."""

__version__ = "0.1.0"
