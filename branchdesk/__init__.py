"""BranchDesk (支部台账): offline records and reports for a school Party branch."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("branchdesk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
