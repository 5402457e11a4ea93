"""Signals the kernel sends so that apps can join in without the kernel importing them."""

from django.dispatch import Signal

#: Sent by ``tongxin worker`` before it takes jobs.  A receiver repairs what
#: a killed worker left behind and returns a notice for the operator (or "").
worker_starting = Signal()
