"""Signals the kernel sends so that apps can join in without the kernel importing them."""

from django.dispatch import Signal

#: Sent by ``tongxin worker`` before it takes jobs.  A receiver repairs what
#: a killed worker left behind and returns a notice for the operator (or "").
worker_starting = Signal()

#: Sent by ``activities`` when an upcoming event is published (created) or
#: cancelled, inside the write's transaction, with ``organization`` (the
#: organizer), ``event``, ``by`` (the acting user), ``title`` and ``text``
#: (the notice, ready to post).  ``publicity`` queues it to the organizer's
#: active group robots; nothing listens if it is not installed.
event_announced = Signal()
