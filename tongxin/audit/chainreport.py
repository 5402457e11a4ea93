"""The outcome of a walk of the audit trail's hash chain (see :mod:`.chain`).

Its own module so that the stored outcome (:class:`~.models.ChainCheck`) and
the walk both build on it without importing each other.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a walk: ``ok`` with the count, or the first broken row."""

    ok: bool
    count: int
    head: str
    broken_id: int | None = None
    reason: str = ""
    #: The id of the last row walked (0 for an empty trail).
    last_id: int = 0

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("last_id")
        return data

    @property
    def message(self) -> str:
        if self.ok:
            return _("审计链完整：共 %(count)d 条记录，末条哈希 %(head)s。") % {
                "count": self.count,
                "head": self.head,
            }
        return _(
            "审计链在第 %(id)s 号记录处断开：%(reason)s（此前 %(count)d 条完好）。"
        ) % {"id": self.broken_id, "reason": self.reason, "count": self.count}
