"""Sync between computers through a folder (Syncthing, Nextcloud, Dropbox, a USB stick).

The live database never goes into the folder. Each computer writes only its
own files there, never edits one, and reads the others' (folder.py); their
content is the merge engine's binary updates (pycrdt, the Python bindings of
Yrs), which decides the merged log (engine.py) from the records every log
holds under stable keys (records.py). merging.py runs one merge, joining.py
sets sync up and stops it, config.py keeps this computer's settings, and
conflicts.py lists and restores the versions "Changed on both computers".

Imported only when a log syncs or sync is set up: pycrdt and cryptography are
never loaded on the window's start when sync is off.
"""
