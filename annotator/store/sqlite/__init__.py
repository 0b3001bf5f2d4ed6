"""The SQLite implementation of the project store (`annotator.store.interface.ProjectStore`):
the only code of the app that holds a connection or writes SQL.

`project` holds the class, its lifetime and its reads and writes; `opening` opens, creates
and upgrades a file; `integrity` finds damage; `copying` writes consistent copies. The
modules import in that order upwards (copying, integrity < project < opening), so none
imports another at load time in a circle; `Project.reopen` reaches `opening` when called.
"""
