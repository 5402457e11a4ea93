"""Two people save the same record at the same moment: one wins, one is told.

Each round, two threads (two database connections) load the member at
version N and call ``member_update(version=N)`` released together by a
barrier.  On SQLite the second ``BEGIN IMMEDIATE`` waits for the first to
commit; on PostgreSQL ``select_for_update`` makes it wait.  Either way the
second sees version N+1 and is refused with ``ConflictError``: nothing is
overwritten silently.
"""

import threading

import pytest
from django.db import connection

from tongxin.core.errors import ConflictError
from tongxin.members.models import Member
from tongxin.members.services import member_update

ROUNDS = 8


def _save(member_pk, by, value, barrier, outcomes) -> None:
    try:
        member = Member.objects.get(pk=member_pk)
        version = member.version
        barrier.wait(timeout=30)
        try:
            member_update(member=member, by=by, version=version, work_unit=value)
            outcomes[value] = "saved"
        except ConflictError as e:
            outcomes[value] = e
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_it_saves_exactly_one_of_two_simultaneous_edits(org, root, make_member):
    member = make_member(org.edu1, "王同时")
    for round_ in range(ROUNDS):
        before = Member.objects.get(pk=member.pk)
        history = before.history.count()
        values = (f"甲单位{round_}", f"乙单位{round_}")
        barrier = threading.Barrier(2)
        outcomes: dict = {}
        threads = [
            threading.Thread(
                target=_save, args=(member.pk, root, value, barrier, outcomes)
            )
            for value in values
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        winners = [v for v, o in outcomes.items() if o == "saved"]
        losers = [o for o in outcomes.values() if isinstance(o, ConflictError)]
        assert len(winners) == 1, outcomes
        assert len(losers) == 1, outcomes
        assert "已被他人修改" in losers[0].message
        assert f"版本 {before.version}" in losers[0].message
        after = Member.objects.get(pk=member.pk)
        assert after.work_unit == winners[0]
        assert after.version == before.version + 1
        assert after.history.count() == history + 1
