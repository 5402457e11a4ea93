"""Background jobs of the publicity app (run by ``tongxin worker``)."""

from django_tasks import task


@task()
def deliver_broadcast(broadcast_id: int) -> dict:
    """Send the queued messages of a broadcast."""
    from tongxin.publicity.services.delivery import deliver

    return deliver(broadcast_id=broadcast_id)


@task()
def deliver_notice(notice_id: int) -> str:
    """Send one personal notice on the member's chosen channel."""
    from tongxin.publicity.services.notices import notice_deliver

    return notice_deliver(notice_id=notice_id)
