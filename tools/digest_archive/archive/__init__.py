"""The archive on disk: raw files read safely, and the MyST pages written from them.

:mod:`.files` checks paths and reads raw files; :mod:`.sources` is what the
archive keeps of each between runs; :mod:`.plan` works out, without touching
the disk, which pages a conversion must render; :mod:`.convert` carries the
plan out, writing only what changed.
"""
