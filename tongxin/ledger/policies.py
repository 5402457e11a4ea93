"""Who may import ledgers: whoever may write the records of some kind.

Each kind answers for itself through its app's policy
(:meth:`~tongxin.core.ledger.LedgerKind.may_import`); the services check every
row's organization again.
"""

from __future__ import annotations

from tongxin.core.ledger import LedgerKind, kinds


class LedgerPolicy:
    """The navigation's and the pages' question: may this user import ledgers?"""

    def importable(self, user) -> list[LedgerKind]:
        """The kinds ``user`` may import."""
        if not getattr(user, "is_authenticated", False):
            return []
        return [k for k in kinds() if k.may_import(user)]

    def can(self, user, action: str = "import", obj=None) -> bool:
        if action != "import":
            return False
        if isinstance(obj, LedgerKind):
            return obj.may_import(user)
        return bool(self.importable(user))


policy = LedgerPolicy()
