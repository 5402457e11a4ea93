"""Subtree filters use an index range on both databases, never a full scan."""

import json

import pytest
from django.db import connection

from tongxin.core import tree
from tongxin.members.models import Member, Membership


def explain(sql: str, params) -> str:
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # Tiny test tables make a sequential scan cheapest; forbid it so the
            # plan shows whether an index *can* serve the range.
            cur.execute("SET LOCAL enable_seqscan = off")
            cur.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            return json.dumps(cur.fetchone()[0])
        cur.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cur.fetchall())


def count_sql(qs):
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    return f"SELECT COUNT(*) FROM ({sql}) AS sub", params


@pytest.fixture
def populated(org, make_member):
    for i in range(30):
        make_member([org.edu1, org.edu2, org.direct][i % 3], f"测试{i}")


def assert_index_range(plan: str, index_hint: str):
    if connection.vendor == "postgresql":
        assert "Seq Scan" not in plan, plan
        assert "Index" in plan, plan
        assert "org_path >=" in plan or "org_path)::text >=" in plan, plan
    else:
        assert "SEARCH" in plan, plan
        assert "org_path>? AND org_path<?" in plan, plan
        assert index_hint in plan, plan


@pytest.mark.django_db(transaction=False)
def test_subtree_member_count_uses_an_index_range(populated, org):
    qs = Member.objects.filter(status=Member.Status.ACTIVE).filter(
        tree.subtree_q(org.edu.path, "org_path")
    )
    plan = explain(*count_sql(qs))
    assert_index_range(plan, "member_status_path")
    assert qs.count() == 20


def test_membership_at_a_date_uses_an_index_range(populated, org):
    qs = Membership.objects.filter(tree.subtree_q(org.edu.path, "org_path"))
    plan = explain(*count_sql(qs))
    assert_index_range(plan, "membership_path_start")


def test_startswith_would_not_be_a_range(populated, org):
    """Guard the premise: the range form is what the index serves, not LIKE."""
    q = tree.subtree_q(org.edu.path, "org_path")
    sql, _params = Member.objects.filter(q).query.sql_with_params()
    assert "LIKE" not in sql.upper()
