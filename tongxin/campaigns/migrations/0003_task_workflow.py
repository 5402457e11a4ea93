"""Move work-plan tasks onto the workflow engine, keeping their history.

Seeds the ``campaign_task`` workflow (a frozen copy of
``tongxin.campaigns.workflow_data``; rerunnable, creates only what is
missing) and writes each recorded ``TaskStatusChange`` as a dated
``workflows.Step``: ``at`` is the day it happened (the entry time when that
was the day it was entered, else noon of that day), ``recorded_at`` the entry
time, ``actor`` who entered it and ``comment`` its note.  A task that left
未开始 without a recorded change gets one step "迁移前状态" at its current
status, dated its completion day when done, else its last modification.
Reversing writes the steps back as status changes.
"""

import datetime as dt

from django.db import migrations
from django.utils import timezone

WORKERS = (
    "owner,staff_office,staff_org,staff_publicity,staff_participation,staff_service"
)

WORKFLOWS = {
    "campaign_task": {
        "name": "工作任务",
        "states": [
            ("todo", "未开始", True, False),
            ("doing", "进行中", False, False),
            ("done", "已完成", False, False),
            ("cancelled", "已取消", False, False),
        ],
        "transitions": [
            ("todo", "doing", "doing", "进行中", WORKERS, "", False),
            ("todo", "done", "done", "已完成", WORKERS, "", False),
            ("todo", "cancelled", "cancelled", "已取消", WORKERS, "", False),
            ("doing", "done", "done", "已完成", WORKERS, "", False),
            ("doing", "todo", "todo", "未开始", WORKERS, "", False),
            ("doing", "cancelled", "cancelled", "已取消", WORKERS, "", False),
            ("done", "doing", "doing", "进行中", WORKERS, "", False),
            ("cancelled", "todo", "todo", "未开始", WORKERS, "", False),
        ],
    },
}

MODEL = "campaigns.task"
CODE = "campaign_task"
MIGRATED = "migrate"


def seed(apps, workflows: dict, using: str = "default") -> None:
    """Create the workflows, states and transitions that do not exist yet."""
    Workflow = apps.get_model("workflows", "Workflow")
    State = apps.get_model("workflows", "State")
    Transition = apps.get_model("workflows", "Transition")
    if Workflow.objects.using(using).filter(code__in=list(workflows)).count() == len(
        workflows
    ):
        return
    for code, spec in workflows.items():
        workflow, _ = Workflow.objects.using(using).get_or_create(
            code=code, defaults={"name": spec["name"]}
        )
        states = {}
        for order, (scode, name, initial, final) in enumerate(spec["states"]):
            states[scode], _ = State.objects.using(using).get_or_create(
                workflow=workflow,
                code=scode,
                defaults={
                    "name": name,
                    "order": order,
                    "is_initial": initial,
                    "is_final": final,
                },
            )
        for order, (src, dst, action, name, roles, fields, comment) in enumerate(
            spec["transitions"]
        ):
            Transition.objects.using(using).get_or_create(
                workflow=workflow,
                source=states[src],
                action=action,
                defaults={
                    "target": states[dst],
                    "name": name,
                    "roles": roles,
                    "required_fields": fields,
                    "comment_required": comment,
                    "order": order,
                },
            )


def _noon(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def forward(apps, schema_editor):
    using = schema_editor.connection.alias
    seed(apps, WORKFLOWS, using)
    Task = apps.get_model("campaigns", "Task")
    HistoricalTask = apps.get_model("campaigns", "HistoricalTask")
    Change = apps.get_model("campaigns", "TaskStatusChange")
    Workflow = apps.get_model("workflows", "Workflow")
    State = apps.get_model("workflows", "State")
    Transition = apps.get_model("workflows", "Transition")
    Step = apps.get_model("workflows", "Step")
    workflow = Workflow.objects.using(using).get(code=CODE)
    names = dict(
        State.objects.using(using)
        .filter(workflow=workflow)
        .values_list("code", "name")
    )
    moves = {
        (t.source.code, t.target.code): (t.action, t.name)
        for t in Transition.objects.using(using)
        .filter(workflow=workflow)
        .select_related("source", "target")
    }
    steps, changed = [], set()
    for change in Change.objects.using(using).order_by("task_id", "at", "id"):
        changed.add(change.task_id)
        day = change.occurred_on
        entered = timezone.localtime(change.at).date()
        at = change.at if day is None or day == entered else _noon(day)
        action, name = moves.get(
            (change.from_status, change.to_status),
            (change.to_status, names.get(change.to_status, change.to_status)),
        )
        steps.append(
            Step(
                workflow=workflow,
                model=MODEL,
                object_id=change.task_id,
                action=action,
                name=name,
                from_state=change.from_status,
                to_state=change.to_status,
                from_name=names.get(change.from_status, change.from_status),
                to_name=names.get(change.to_status, change.to_status),
                actor_id=change.by_id,
                at=at,
                recorded_at=change.at,
                comment=change.note,
            )
        )
    unrecorded = (
        Task.objects.using(using).exclude(pk__in=changed).exclude(status="todo")
    )
    for task in unrecorded.order_by("id"):
        last = (
            HistoricalTask.objects.using(using)
            .filter(id=task.pk)
            .order_by("-history_date", "-history_id")
            .first()
        )
        modified = last.history_date if last is not None else timezone.now()
        at = _noon(task.done_on) if task.status == "done" and task.done_on else modified
        steps.append(
            Step(
                workflow=workflow,
                model=MODEL,
                object_id=task.pk,
                action=MIGRATED,
                name="迁移前状态",
                from_state="",
                to_state=task.status,
                from_name="",
                to_name=names.get(task.status, task.status),
                actor_id=last.history_user_id if last is not None else None,
                at=at,
                recorded_at=modified,
            )
        )
    Step.objects.using(using).bulk_create(steps, batch_size=500)


def backward(apps, schema_editor):
    using = schema_editor.connection.alias
    Change = apps.get_model("campaigns", "TaskStatusChange")
    Step = apps.get_model("workflows", "Step")
    Workflow = apps.get_model("workflows", "Workflow")
    steps = Step.objects.using(using).filter(model=MODEL)
    changes = [
        Change(
            task_id=step.object_id,
            from_status=step.from_state,
            to_status=step.to_state,
            note=step.comment[:200],
            occurred_on=timezone.localtime(step.at).date(),
            by_id=step.actor_id,
        )
        for step in steps.exclude(action=MIGRATED).order_by("at", "id")
    ]
    created = Change.objects.using(using).bulk_create(changes)
    for change, step in zip(
        created, steps.exclude(action=MIGRATED).order_by("at", "id"), strict=True
    ):
        # ``at`` is auto_now_add: put the entry time back afterwards.
        Change.objects.using(using).filter(pk=change.pk).update(at=step.recorded_at)
    steps.delete()
    Workflow.objects.using(using).filter(code__in=list(WORKFLOWS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0002_dated_task_changes_and_followups"),
        ("workflows", "0002_step_recorded_at"),
    ]

    operations = [migrations.RunPython(forward, backward)]
