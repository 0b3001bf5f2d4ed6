"""What several test files share: projects, texts, fixtures' data.

A test imports a helper from here, never from another test module or a conftest (which
pytest imports as a plugin of its own).
"""
