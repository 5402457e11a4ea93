"""Seed the article review workflow (rerunnable: creates only what is missing).

Administrators adjust it later in the Django admin; this migration does not
overwrite their changes.
"""

from django.db import migrations

EDITORS = "staff_publicity,staff_office"
SUBMIT = "owner," + EDITORS

WORKFLOWS = {
    "publicity.article": {
        "name": "稿件审核",
        "states": [
            ("draft", "草稿", True, False),
            ("submitted", "已投稿", False, False),
            ("reviewed", "已审核", False, False),
            ("returned", "已退回", False, False),
            ("published", "已发表", False, True),
        ],
        "transitions": [
            ("draft", "submitted", "submit", "投稿", SUBMIT, "", False),
            ("returned", "submitted", "submit", "重新投稿", SUBMIT, "", False),
            ("submitted", "reviewed", "review", "审核通过", EDITORS, "", False),
            ("submitted", "returned", "return", "退回修改", EDITORS, "", True),
            ("reviewed", "returned", "return", "退回修改", EDITORS, "", True),
            ("reviewed", "published", "publish", "发表", EDITORS, "", False),
        ],
    },
}



def seed(apps, schema_editor):
    Workflow = apps.get_model("workflows", "Workflow")
    State = apps.get_model("workflows", "State")
    Transition = apps.get_model("workflows", "Transition")
    for code, spec in WORKFLOWS.items():
        workflow, _ = Workflow.objects.get_or_create(
            code=code, defaults={"name": spec["name"]}
        )
        states = {}
        for order, (scode, name, initial, final) in enumerate(spec["states"]):
            states[scode], _ = State.objects.get_or_create(
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
            Transition.objects.get_or_create(
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


def unseed(apps, schema_editor):
    Workflow = apps.get_model("workflows", "Workflow")
    Workflow.objects.filter(code__in=list(WORKFLOWS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("publicity", "0002_articles_columns_issues"),
        ("workflows", "0001_workflows_states_transitions_steps"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
