"""Tasks moved onto the workflow engine keep their history.

The database is taken back to before the move (campaigns 0002, when status
changes were ``TaskStatusChange`` rows), changes are written as that schema
stored them, and the migrations are applied: each change becomes a dated
``workflows.Step`` with its actor and note, a task that left 未开始 without a
recorded change gets one "迁移前状态" step, and the figures read from the
steps count as they did from the changes.  Backwards, the changes come back.
"""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tongxin.campaigns import workflow_data
from tongxin.campaigns.models import Task
from tongxin.campaigns.selectors import tasks_as_of
from tongxin.workflows import engine
from tongxin.workflows.models import Step

BEFORE = [("campaigns", "0002_dated_task_changes_and_followups")]
AFTER = [("campaigns", "0004_remove_taskstatuschange")]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def test_the_migration_holds_the_apps_workflow():
    mig = importlib.import_module("tongxin.campaigns.migrations.0003_task_workflow")
    assert mig.WORKFLOWS == workflow_data.WORKFLOWS


def test_the_seeded_workflow_is_the_one_the_tasks_follow(db):
    names = engine.state_names(Task.WORKFLOW)
    assert names == {str(v): str(label) for v, label in Task.Status.choices}
    assert engine.initial_state(Task.WORKFLOW) == Task.Status.TODO


@pytest.mark.django_db(transaction=True)
def test_status_changes_become_dated_steps_and_come_back(cmp, make_task):
    started = make_task(title="走访慰问老会员")
    finished = make_task(title="召开动员大会")
    legacy = make_task(title="报送总结")
    untouched = make_task(title="编印简报")
    try:
        executor = migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        Change = old.get_model("campaigns", "TaskStatusChange")
        OldTask = old.get_model("campaigns", "Task")
        today = timezone.localdate()
        Change.objects.create(
            task_id=started.pk,
            from_status="todo",
            to_status="doing",
            note="已开始",
            occurred_on=today,
            by_id=cmp.staff.pk,
        )
        Change.objects.create(
            task_id=finished.pk,
            from_status="todo",
            to_status="done",
            note="补录",
            occurred_on=dt.date(2014, 3, 28),
            by_id=cmp.staff.pk,
        )
        OldTask.objects.filter(pk=finished.pk).update(
            status="done", done_on=dt.date(2014, 3, 28)
        )
        # Done before changes were recorded: no change row at all.
        OldTask.objects.filter(pk=legacy.pk).update(
            status="done", done_on=dt.date(2014, 3, 15)
        )
        assert not Step.objects.filter(model="campaigns.task").exists()

        migrate(AFTER)

        (step,) = engine.steps_of(started)
        assert (step.from_state, step.to_state, step.name) == (
            "todo",
            "doing",
            "进行中",
        )
        assert (step.actor, step.comment) == (cmp.staff, "已开始")
        assert timezone.localtime(step.at).date() == today
        (step,) = engine.steps_of(finished)
        assert (step.from_state, step.to_state, step.action) == ("todo", "done", "done")
        assert timezone.localtime(step.at).date() == dt.date(2014, 3, 28)
        assert timezone.localtime(step.recorded_at).date() == today
        (step,) = engine.steps_of(legacy)
        assert (step.name, step.to_state, step.from_state) == ("迁移前状态", "done", "")
        assert timezone.localtime(step.at).date() == dt.date(2014, 3, 15)
        assert engine.steps_of(untouched) == []

        # The figures read the steps as they read the changes.
        rows = {
            t.pk: (t.status_on, t.done_on_then)
            for t in tasks_as_of(Task.objects.all(), dt.date(2014, 3, 31))
        }
        assert rows[finished.pk] == ("done", dt.date(2014, 3, 28))
        assert rows[legacy.pk] == ("done", dt.date(2014, 3, 15))
        assert rows[started.pk] == ("todo", None)
        assert rows[untouched.pk] == ("todo", None)

        executor = migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps
        Change = old.get_model("campaigns", "TaskStatusChange")
        back = sorted(
            Change.objects.values_list("task_id", "to_status", "occurred_on", "note")
        )
        assert back == sorted(
            [
                (started.pk, "doing", today, "已开始"),
                (finished.pk, "done", dt.date(2014, 3, 28), "补录"),
            ]
        )
        assert not Step.objects.filter(model="campaigns.task").exists()
    finally:
        call_command("migrate", verbosity=0)
