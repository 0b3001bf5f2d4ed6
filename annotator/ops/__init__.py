"""Named operations, the writers of a project: each is one transaction and returns a
`Changes` value saying what it changed; `History` undoes and redoes them (no Qt here)."""
