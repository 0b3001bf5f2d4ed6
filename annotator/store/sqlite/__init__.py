"""The SQLite implementation of the project store (`annotator.store.interface.ProjectStore`):
the only code of the app that holds a connection or writes SQL.

`project` holds the class, its lifetime, its transactions, labels and annotators; its
base classes hold the rest of its reads and writes (`documents`: documents, list rows and
statuses; `spans`; `relations`; `bulk_reads`: whole-layer reads); `opening` opens, creates
and upgrades a file; `integrity` finds damage; `copying` writes consistent copies. The
modules import in that order upwards (schema, copying, integrity < the base classes <
project < opening), so none imports another at load time in a circle; `Project.reopen`
reaches `opening` when called.
"""
