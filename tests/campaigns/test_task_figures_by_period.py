"""Work-plan tasks counted as they stood at a period's end, from their dated
status changes: a year of 38 tasks, 31 done and 5 overdue at its end."""

from __future__ import annotations

import datetime as dt

from tongxin.campaigns import services
from tongxin.core.periods import Period
from tongxin.stats.figures import campaigns as figures
from tongxin.stats.scope import resolve_scope

D = dt.date


def _task_figures(year):
    return figures.compute(resolve_scope(), Period.for_year(year))["tasks"]


def test_a_year_of_tasks_counts_each_as_it_stood_at_the_years_end(cmp, make_task):
    def task(due, *changes):
        t = make_task(title=f"任务{due}", due_on=due, month=f"{due:%Y-%m}")
        for to, on in changes:
            t = services.task_transition(task=t, by=cmp.staff, to=to, on=on)
        return t

    # 27 done in time, each recorded on its day (due the 28th of a month).
    for i in range(27):
        due = D(2014, 1 + i % 12, 28)
        task(due, ("doing", due - dt.timedelta(days=20)), ("done", due))
    # 3 completions inside 2014 recorded today, long after: done in 2014.
    for month in (3, 6, 9):
        task(D(2014, month, 15), ("done", D(2014, month, 10)))
    # Done in 2014, reopened in 2015: it was done at 2014's end.
    task(D(2014, 5, 31), ("done", D(2014, 5, 20)), ("doing", D(2015, 2, 1)))
    # = 31 done.
    # Done after the year's end (2015): open and overdue at 2014's end.
    task(D(2014, 7, 31), ("done", D(2015, 1, 5)))
    task(D(2014, 8, 31), ("doing", D(2014, 8, 1)), ("done", D(2015, 3, 1)))
    # Cancelled only in 2015: still open (and overdue) at 2014's end.
    task(D(2014, 6, 30), ("cancelled", D(2015, 1, 10)))
    # Never done: overdue.
    task(D(2014, 10, 31))
    task(D(2014, 11, 30), ("doing", D(2014, 11, 1)))
    # = 5 overdue.
    # Cancelled in 2014: out of the completion rate's whole.
    task(D(2014, 4, 30), ("cancelled", D(2014, 4, 1)))
    # Due on the year's last day and open: open, not yet overdue on that day.
    task(D(2014, 12, 31))

    year = _task_figures(2014)
    assert year["total"] == 38  # 31 + 5 + 1 cancelled + 1 due on 12-31
    assert year["done"] == 31
    assert year["overdue"] == 5
    assert year["open"] == 6  # the 5 overdue and the one due on 12-31
    assert year["cancelled"] == 1
    assert year["completion_rate"] == 83.8  # 31 / (38 - 1)
    # By month: the 27 in time fall three in January to March, two after.
    march = next(m for m in year["by_month"] if m["month"] == "2014-03")
    assert (march["total"], march["done"]) == (4, 4)  # 03-28 ×3, 03-15 late
    july = next(m for m in year["by_month"] if m["month"] == "2014-07")
    assert (july["total"], july["done"]) == (3, 2)  # 07-28 ×2 done, 07-31 late
    assert sum(d["done"] for d in year["by_department"]) == 31

    # The first half: as of 2014-06-30.
    half = figures.compute(
        resolve_scope(), Period.between(D(2014, 1, 1), D(2014, 6, 30))
    )["tasks"]
    # Due by 06-30: in time Jan-Mar three each, Apr-Jun two each = 15;
    # late-recorded 03-15, 06-15 = 2;
    # the reopened one (05-31, done 05-20) = 1; the cancelled-in-2015 (06-30,
    # open) and the cancelled-in-2014 (04-30).
    assert half["total"] == 15 + 2 + 1 + 1 + 1
    assert half["done"] == 18
    assert half["cancelled"] == 1
    assert half["overdue"] == 0  # the one open is due on 06-30 itself
    assert half["open"] == 1

    # The drill-down lists each task's status at the period's end.
    drill = figures.drill(resolve_scope(), Period.for_year(2014), "tasks.overdue")
    rows = drill.rows if hasattr(drill, "rows") else list(drill.every())
    assert len(rows) == 5
    assert {r[5] for r in rows} <= {"未开始", "进行中"}
    done = figures.drill(resolve_scope(), Period.for_year(2014), "tasks.done")
    done_rows = done.rows if hasattr(done, "rows") else list(done.every())
    reopened = next(r for r in done_rows if r[4] == "2014-05-31")
    assert reopened[5] == "已完成" and reopened[6] == "2014-05-20"
