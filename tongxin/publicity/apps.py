from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_workflows(sender, app_config=None, using="default", apps=None, **kwargs):
    """Re-create the article workflow if missing after ``migrate`` or ``flush``."""
    from django.apps import apps as global_apps

    from tongxin.publicity import workflow_data

    # ``migrate`` passes the migration state's apps; ``flush`` passes none.
    apps = apps or global_apps
    try:
        apps.get_model("workflows", "Transition")
    except LookupError:  # migrated back past the workflow tables
        return
    workflow_data.seed(apps, using=using)


def _recover_stale(sender, **kwargs) -> str:
    """Mark deliveries a killed worker left *sending* as failed (state unknown)."""
    from django.utils.translation import gettext as _

    from tongxin.publicity.services import deliveries_recover_stale

    recovered = deliveries_recover_stale()
    if not recovered:
        return ""
    return (
        _("%d 条发送中断的消息已标记为失败（状态未知），请确认后决定是否重发。")
        % recovered
    )


def _forward_notice(sender, instance, created, raw=False, **kwargs) -> None:
    """Copy a new in-app notification to the member's chosen channel."""
    if created and not raw:
        from tongxin.publicity.services.notices import notice_forward

        notice_forward(instance)


def _queue_event_notice(sender, *, organization, event, by, title, text, **kwargs):
    """Post an event's publication or cancellation to the organizer's robots."""
    from tongxin.publicity.services.broadcasts import event_notice_queue

    event_notice_queue(
        by=by, organization=organization, event=event, title=title, text=text
    )


def _offline_notice(sender, member, title, body, **kwargs) -> bool:
    """Send a notice to a member without a login account by SMS."""
    from tongxin.publicity.services.notices import notice_offline

    return notice_offline(member=member, title=title, body=body) is not None


class PublicityConfig(AppConfig):
    name = "tongxin.publicity"
    label = "publicity"
    verbose_name = _("宣传与群发")

    def ready(self) -> None:
        post_migrate.connect(
            _seed_workflows, sender=self, dispatch_uid="publicity_workflows"
        )
        from tongxin.core.signals import event_announced, worker_starting

        worker_starting.connect(_recover_stale, dispatch_uid="publicity_recover")
        event_announced.connect(
            _queue_event_notice, dispatch_uid="publicity_event_notice"
        )
        from django.db.models.signals import post_save

        post_save.connect(
            _forward_notice,
            sender="notifications.Notification",
            dispatch_uid="publicity_forward_notice",
        )
        from tongxin.notifications.services import member_notice

        member_notice.connect(_offline_notice, dispatch_uid="publicity_offline_notice")
