"""Careplan: one living care plan per family, shared by every agency and the parents."""

__version__ = "0.1.0"
