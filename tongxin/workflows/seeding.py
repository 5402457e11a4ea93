"""Seed an app's workflows from its ``workflow_data.WORKFLOWS`` table.

Each entry: ``{code: {"name", "states": [(code, name, initial, final)],
"transitions": [(source, target, action, name, roles, fields, comment)]}}``.
Creates only what is missing and never overwrites what an administrator
changed; works on a migration's historical apps and on the live registry.
"""

from __future__ import annotations


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


def post_migrate_seeder(module: str):
    """Return a ``post_migrate`` handler re-seeding ``module``'s workflows."""

    def handler(sender, app_config=None, using="default", apps=None, **kwargs):
        import importlib

        from django.apps import apps as global_apps

        # ``migrate`` passes the migration state's apps; ``flush`` passes none.
        apps = apps or global_apps
        try:
            apps.get_model("workflows", "Transition")
        except LookupError:  # migrated back past the workflow tables
            return
        seed(apps, importlib.import_module(module).WORKFLOWS, using=using)

    return handler
