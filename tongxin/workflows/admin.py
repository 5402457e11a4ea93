"""Workflows are the one model group administrators edit in the Django admin.

States and transitions are configuration, not records of what happened: an
administrator adds a state, allows a transition or changes the roles that
may take it, without code; edits are kept by django-simple-history.  The
steps (what happened to each record) stay read-only.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tongxin.core.admin import ReadOnlyAdmin
from tongxin.workflows.models import State, Step, Transition, Workflow


class StateInline(admin.TabularInline):
    model = State
    extra = 0


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    fk_name = "workflow"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("source", "target"):
            workflow_id = request.resolver_match.kwargs.get("object_id")
            if workflow_id:
                kwargs["queryset"] = State.objects.filter(workflow_id=workflow_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Workflow)
class WorkflowAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name"]
    inlines = [StateInline, TransitionInline]


@admin.register(Step)
class StepAdmin(ReadOnlyAdmin):
    list_display = ["model", "object_id", "name", "from_name", "to_name", "actor", "at"]
    list_filter = ["workflow", "action"]
