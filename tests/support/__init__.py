"""What more than one test module uses, as plain functions and constants.

``pyproject.toml`` puts ``tests/`` on ``sys.path`` (``pythonpath``), and
pytest imports test modules with ``--import-mode=importlib``: a test module
imports ``support``, never another test module or ``conftest``. Fixtures are
in ``tests/conftest.py``.
"""
