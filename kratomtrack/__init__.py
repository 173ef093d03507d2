"""kratomtrack: a private, offline daily log of kratom use, pain and side effects."""

__version__ = "0.1.0"
