"""The archive's development tools: the benchmark, the relevance set, the browser, screenshots, git times.

They measure, check and publish the archive, and are not part of what a
user installs: the wheel holds :mod:`digest_archive` alone. The Makefile
runs them from this folder (``PYTHONPATH=dev``): ``make bench``,
``make screenshots``, ``make gittimes``; the tests import them as
``digest_dev``.
"""
