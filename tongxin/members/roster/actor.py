"""The actor of command-line roster imports and exports run without ``--user``.

Whoever can run ``tongxin`` on the server already has the database, so the
command line acts with full scope.  It is not a user account: history rows it
writes have no ``history_user`` and carry a change reason saying they came from
the command line.
"""

from __future__ import annotations


class SystemActor:
    """A user-like object with full scope and no database row."""

    pk = None
    id = None
    member_id = None
    username = "system"
    is_active = True
    is_authenticated = True
    is_anonymous = False
    is_superuser = True
    is_staff = True
    #: Full scope for every action, the reading of personal data included.
    is_system = True

    def __str__(self) -> str:
        return "命令行"


SYSTEM_ACTOR = SystemActor()
