"""Tongxin (同心): the work platform of an association's committee."""

__version__ = "0.1.0"
