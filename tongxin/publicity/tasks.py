"""Background jobs of the publicity app (run by ``tongxin worker``)."""

from django_tasks import task


@task()
def deliver_broadcast(broadcast_id: int) -> dict:
    """Send the queued messages of a broadcast."""
    from tongxin.publicity.services.delivery import deliver

    return deliver(broadcast_id=broadcast_id)
