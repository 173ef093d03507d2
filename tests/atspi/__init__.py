"""The real-desktop accessibility layer (a package, so that its conftest and
helpers do not take the names of tests/conftest.py and its helpers)."""
