"""Who may build reports, and of which organizations: the statistics' rules.

A report is the statistics written out, so it follows the statistics policy
(``view_stats`` to see the page, ``export_stats`` to download): one rule for
both, kept in :mod:`tongxin.stats.policies`.
"""

from tongxin.stats.policies import policy

__all__ = ["policy"]
