# mypy: disable-error-code="attr-defined,untyped-decorator,no-untyped-call"
"""Who may see and re-run background jobs: Django staff (the operators)."""

import rules

from madang.accounts.rules import is_staff

rules.add_perm("core.manage_jobs", is_staff)
