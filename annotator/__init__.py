"""annotator: span annotation of news articles, from highlight to training data."""

__version__ = "0.1.0"
