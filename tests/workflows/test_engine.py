"""The workflow engine: data-driven transitions, refusals, dated steps."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tongxin.workflows import engine
from tongxin.workflows.models import State, Step, Transition, Workflow

pytestmark = pytest.mark.django_db


def test_it_refuses_a_transition_the_table_does_not_hold(people, org):
    """A reply before filing is refused in Chinese, naming what is allowed."""
    from tongxin.participation import services

    staff = people.root
    session = services.session_create(
        by=staff,
        name="市政协十三届一次会议",
        body="大连市政协",
        level="city",
        year=2023,
    )
    p = services.proposal_create(
        by=staff,
        kind="group",
        session=session,
        organization=org.city,
        title="关于加强学前教育的提案",
        submit=True,
    )
    before = Step.objects.count()
    with pytest.raises(engine.TransitionRefused) as err:
        engine.transition(
            workflow=p.WORKFLOW,
            obj=p,
            action="reply",
            by=staff,
            roles={"owner", "staff_participation"},
        )
    assert "“已提交”" in err.value.message and "不能执行“答复”" in err.value.message
    assert "立案" in err.value.message
    p.refresh_from_db()
    assert p.state == "submitted" and Step.objects.count() == before


def test_it_follows_an_administrators_change_without_code(people, org):
    """A transition added to the table is allowed at once; a removed one refused."""
    from tongxin.participation import services

    root = people.root
    session = services.session_create(
        by=root, name="市政协十三届一次会议", body="大连市政协", level="city", year=2023
    )
    p = services.proposal_create(
        by=root,
        kind="group",
        session=session,
        organization=org.city,
        title="提案甲",
        submit=True,
    )
    wf = Workflow.objects.get(code="participation.proposal")
    Transition.objects.filter(
        workflow=wf, source__code="submitted", action="file"
    ).delete()
    with pytest.raises(engine.TransitionRefused):
        services.item_transition(by=root, item=p, action="file")
    t = Transition(
        workflow=wf,
        source=State.objects.get(workflow=wf, code="submitted"),
        target=State.objects.get(workflow=wf, code="replied"),
        action="fast_reply",
        name="直接答复",
        roles="staff_participation",
    )
    t.full_clean()
    t.save()
    step = engine.transition(
        workflow=wf.code,
        obj=p,
        action="fast_reply",
        by=root,
        roles={"staff_participation"},
        comment="测试",
    )
    assert (step.from_state, step.to_state, step.actor, step.comment) == (
        "submitted",
        "replied",
        root,
        "测试",
    )


def test_it_checks_roles_fields_and_comment(people, org):
    from tongxin.participation import services

    root = people.root
    session = services.session_create(
        by=root, name="市政协十三届一次会议", body="大连市政协", level="city", year=2023
    )
    p = services.proposal_create(
        by=root,
        kind="group",
        session=session,
        organization=org.city,
        title="提案乙",
        submit=True,
    )
    with pytest.raises(PermissionDenied):
        engine.transition(
            workflow=p.WORKFLOW, obj=p, action="file", by=root, roles={"owner"}
        )
    with pytest.raises(ValidationError) as err:
        engine.transition(
            workflow=p.WORKFLOW,
            obj=p,
            action="reject",
            by=root,
            roles={"staff_participation"},
        )
    assert "不予立案理由" in str(err.value.message_dict["not_filed_reason"])
    with pytest.raises(ValidationError) as err:
        engine.transition(
            workflow=p.WORKFLOW,
            obj=p,
            action="return",
            by=root,
            roles={"staff_participation"},
        )
    assert "须填写意见" in err.value.message_dict["comment"][0]


def test_a_transition_with_an_unknown_role_or_foreign_state_is_invalid(db):
    wf = Workflow.objects.get(code="participation.proposal")
    other = State.objects.get(workflow__code="participation.opinion", code="draft")
    t = Transition(
        workflow=wf,
        source=State.objects.get(workflow=wf, code="draft"),
        target=other,
        action="x",
        name="X",
        roles="boss",
    )
    with pytest.raises(ValidationError) as err:
        t.full_clean()
    assert set(err.value.message_dict) >= {"target", "roles"}


def test_an_administrator_edits_a_workflow_in_the_admin(people):
    """The workflow admin is editable (states and transitions inline); steps are not."""
    from django.test import Client
    from django.urls import reverse

    from tests.accounts.support import login_verified

    client = login_verified(Client(), people.root)
    wf = Workflow.objects.get(code="participation.proposal")
    page = client.get(reverse("admin:workflows_workflow_change", args=[wf.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "立案" in body and "staff_participation" in body
    assert client.get(reverse("admin:workflows_step_changelist")).status_code == 200
    assert client.get(reverse("admin:workflows_step_add")).status_code == 403


def test_the_seeded_workflows_come_back_after_a_flush(db):
    """``flush`` (the demo's --reset, browser tests) empties the tables; the
    post_migrate handler seeds the workflows again."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    assert Workflow.objects.filter(code__startswith="participation.").count() == 4
    assert (
        Transition.objects.filter(workflow__code="participation.proposal").count() == 7
    )


def test_the_migration_keeps_a_copy_of_the_seeded_workflows():
    """The migration's frozen copy equals the app's definition."""
    import importlib

    from tongxin.participation import workflow_data

    migration = importlib.import_module(
        "tongxin.participation.migrations.0002_seed_workflows"
    )
    assert migration.WORKFLOWS == workflow_data.WORKFLOWS


def test_a_migrated_database_with_only_seeded_workflows_holds_no_data(db):
    """Restoring into a fresh install needs no --yes: the seeded workflows are
    configuration, not data."""
    from django.core.management import call_command

    from tongxin.core.backup import database_holds_data

    call_command("flush", interactive=False, verbosity=0)
    assert Workflow.objects.exists()
    assert not database_holds_data()
