"""BranchDesk (支部台账): offline records and reports for a school Party branch."""

# The one place the version is written: pyproject.toml reads it from here (setuptools' `attr:`), so
# the installed metadata, the bundle and the window agree, and nothing has to import
# importlib.metadata (with email, zipfile …: about 40 ms) to know it at start-up (issue 18).
__version__ = "0.1.0"
