"""The demo committee: a realistic city committee built through the services.

``tongxin demo`` builds it (see :mod:`tongxin.demo.builder`); the names, work
units and organization plan it draws from are in :mod:`tongxin.demo.data`.
``tongxin bench-data`` generates large synthetic data for benchmarks (see
:mod:`tongxin.demo.benchdata`).
"""
