"""Corrections of libraries partnerkg stands on, each applied on purpose where it is needed, never on import.

Each module checks that the fault it corrects exists in the installed version, cites the upstream issue and
has a test in ``tests/compat/``.
"""

__all__: list[str] = []
