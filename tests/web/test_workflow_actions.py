"""Every workflow action taken through the web, as a role allowed to take it.

The actions are read from the workflow definitions themselves — the
``workflows`` rows of the participation and article workflows, the admission
table :data:`~tongxin.lifecycle.models.ADMISSION_TRANSITIONS` and
the ``campaign_task`` workflow rows (:mod:`tongxin.campaigns.workflow_data`) — so an action added later
is covered without touching this module (and fails it if the web offers no
way to take it).  For each action the record is brought to the action's
source state through the web, the page that offers the action is rendered
and must show it, the form is submitted once with invalid data (a Chinese
error, no state change, no step) and once with valid data (the new state and
a step dated today by the acting user).
"""

# ruff: noqa: F811 - the fixtures imported above are parameters below

from __future__ import annotations

import re
from collections import deque

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests.campaigns.conftest import (
    cmp,  # noqa: F401
    make_task,  # noqa: F401
)
from tests.lifecycle.conftest import (
    apply,  # noqa: F401
    intro,  # noqa: F401
)
from tests.participation.conftest import (
    PDF,
    part,  # noqa: F401
)
from tests.publicity.conftest import pub  # noqa: F401
from tongxin.campaigns.models import Task
from tongxin.lifecycle.models import ADMISSION_TRANSITIONS, Application
from tongxin.lifecycle.policies import policy as lifecycle_policy
from tongxin.participation import services as part_services
from tongxin.participation.models import KINDS
from tongxin.publicity import services as pub_services
from tongxin.publicity.models import Article
from tongxin.workflows import engine
from tongxin.workflows.models import Step, Transition

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u4e00-\u9fff]")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _path(transitions, initial: str, goal: str) -> list:
    """Return the shortest list of transitions from ``initial`` to ``goal``."""
    queue, seen = deque([(initial, [])]), {initial}
    while queue:
        state, path = queue.popleft()
        if state == goal:
            return path
        for t in transitions:
            if t.source.code == state and t.target.code not in seen:
                seen.add(t.target.code)
                queue.append((t.target.code, [*path, t]))
    raise AssertionError(f"no path from {initial} to {goal}")


def _assert_chinese_errors(response) -> None:
    """The form came back with its errors, each in Chinese and shown on the page."""
    form = response.context["form"]
    messages = [str(m) for errors in form.errors.values() for m in errors]
    assert messages, "no error shown"
    page = response.content.decode()
    for message in messages:
        assert CJK.search(message), message
        assert escape(message) in page, message


def _today_step(obj, action: str, user):
    step = engine.steps_of(obj)[-1]
    assert step.action == action
    assert step.actor == user
    assert timezone.localtime(step.at).date() == timezone.localdate()
    return step


# --- participation items -----------------------------------------------------------


def _fill(form, *, valid: bool) -> tuple[dict, dict]:
    """Return POST data and files for a rendered form: valid, or every field wrong."""
    data, files = {}, {}
    for name, field in form.fields.items():
        if not valid:
            if name == "comment" and not field.required:
                data[name] = "意" * ((field.max_length or 1000) + 1)
            continue
        if name == "comment":
            data[name] = "同意。"
        elif not field.required:
            continue
        elif isinstance(field, forms.FileField):
            files[name] = SimpleUploadedFile(
                "结题报告.pdf", PDF, content_type="application/pdf"
            )
        elif isinstance(field, forms.ModelChoiceField):
            choice = field.queryset.first()
            assert choice is not None, f"nothing to choose for {name}"
            data[name] = choice.pk
        elif isinstance(field, forms.ChoiceField):
            data[name] = next(str(v) for v, _label in field.choices if v not in ("",))
        elif isinstance(field, forms.DateField):
            data[name] = timezone.localdate().isoformat()
        elif isinstance(field, (forms.DecimalField, forms.IntegerField)):
            data[name] = "2000"
        elif isinstance(field, forms.CharField):
            data[name] = "民进省委会" if name in ("targets", "body") else "内容已落实。"
        else:  # pragma: no cover - a field kind this filler does not know yet
            raise AssertionError(f"cannot fill {name}: {type(field).__name__}")
    return data, files


def _action_url(kind: str, item, action: str) -> str:
    if kind == "suggestions" and action == "convert":
        return reverse("participation:convert", args=[item.pk])
    return reverse("participation:transition", args=[kind, item.pk, action])


@pytest.fixture
def web_part(part, org, people):
    """Participation people, and a second submitted proposal to merge into."""
    target = part_services.proposal_create(
        by=part.wang_user,
        kind="member",
        session=part.session,
        member=part.wang,
        title="可并入的提案",
    )
    part_services.item_transition(by=part.wang_user, item=target, action="submit")
    part.leader = people.leader
    return part


def _own_item(kind: str, part, org):
    by = part.wang_user
    if kind == "suggestions":
        return part_services.suggestion_create(
            by=by, author=part.wang, title="本人建议"
        )
    if kind == "proposals":
        return part_services.proposal_create(
            by=by,
            kind="member",
            session=part.session,
            member=part.wang,
            title="关于加强中小学心理健康教育的提案",
        )
    if kind == "opinions":
        return part_services.opinion_create(
            by=by, authors=[part.wang], title="关于老旧小区加装电梯的建议"
        )
    return part_services.research_create(
        by=by,
        organization=org.edu1,
        members=[part.wang],
        title="民办教育发展调研",
        target_body="市委统战部",
    )


def _actor(transition, part):
    """The user taking ``transition``: the author where allowed, else the leader
    where allowed, else the participation department."""
    roles = transition.role_set
    if "owner" in roles:
        return part.wang_user
    if "leader" in roles:
        return part.leader
    assert "staff_participation" in roles, roles
    return part.staff


def _take(client, kind, item, transition, user) -> None:
    """Take ``transition`` through its form page with valid data."""
    url = _action_url(kind, item, transition.action)
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    data, files = _fill(page.context["form"], valid=True)
    response = client.post(url, {**data, **files})
    assert response.status_code == 302, (
        url,
        response.status_code,
        response.context and response.context["form"].errors,
        _messages(response),
    )
    item.refresh_from_db()
    assert item.state == transition.target.code, (url, item.state)
    _today_step(item, transition.action, user)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_participation_action_through_the_web(kind, web_part, org):
    part = web_part
    model = KINDS[kind]
    transitions = list(
        Transition.objects.filter(workflow__code=model.WORKFLOW)
        .select_related("source", "target")
        .order_by("order", "id")
    )
    assert transitions
    initial = engine.initial_state(model.WORKFLOW)
    clients = {}
    for t in transitions:
        item = _own_item(kind, part, org)
        for step in _path(transitions, initial, t.source.code):
            user = _actor(step, part)
            _take(clients.setdefault(user.pk, _client(user)), kind, item, step, user)
        user = _actor(t, part)
        client = clients.setdefault(user.pk, _client(user))
        # The record's page offers the action to this user.
        detail = client.get(item.get_absolute_url()).content.decode()
        url = _action_url(kind, item, t.action)
        assert url in detail, (kind, t.action, "no web path")
        # Invalid data: a Chinese error, nothing changed.
        page = client.get(url)
        assert page.status_code == 200
        steps = Step.objects.count()
        data, files = _fill(page.context["form"], valid=False)
        refused = client.post(url, {**data, **files})
        assert refused.status_code == 400, (kind, t.action, refused.status_code)
        _assert_chinese_errors(refused)
        item.refresh_from_db()
        assert item.state == t.source.code
        assert Step.objects.count() == steps
        # Valid data: the new state and a step dated today.
        _take(client, kind, item, t, user)
        if kind == "opinions" and t.action == "adopt":
            adoption = item.adoptions.get()
            assert adoption.level and adoption.body == "民进省委会"
            assert adoption.adopted_on == timezone.localdate()
        if kind == "research" and t.action == "conclude":
            assert item.final_report is not None


# --- articles ----------------------------------------------------------------------


def _flash(client, url) -> list[str]:
    """The messages shown on ``url`` (after a redirect)."""
    return _messages(client.get(url))


def _article_url(article, action: str) -> str:
    if action == "publish":
        return reverse("publicity:article_publish", args=[article.pk])
    return reverse("publicity:article_transition", args=[article.pk])


def test_every_article_action_through_the_web(pub):
    column = pub_services.column_save(
        by=pub.publicity, name="先进典型", slug="xianjin", is_public=True
    )
    transitions = list(
        Transition.objects.filter(workflow__code=Article.WORKFLOW)
        .select_related("source", "target")
        .order_by("order", "id")
    )
    assert transitions
    initial = engine.initial_state(Article.WORKFLOW)
    # The publicity department edits, reviews and publishes.
    user = pub.publicity
    client = _client(user)

    def post(article, t, *, valid: bool):
        url = _article_url(article, t.action)
        if t.action == "publish":
            data = (
                {"outlet": "website", "published_on": timezone.localdate().isoformat()}
                if valid
                else {"outlet": "", "published_on": "不是日期"}
            )
        elif valid:
            data = {"action": t.action, "comment": "请补充照片。"}
        else:
            data = {
                "action": t.action,
                "comment": "" if t.comment_required else "意" * 1001,
            }
        return client.post(url, data)

    for t in transitions:
        article = pub_services.article_create(
            by=user,
            title="民进会员深入社区开展义诊",
            column=column,
            organization=pub.org.city,
            authors=[pub.zhang],
            body="<p>3月5日，民进医卫支部走进社区。</p>",
        )
        for step in _path(transitions, initial, t.source.code):
            assert post(article, step, valid=True).status_code == 302
            article.refresh_from_db()
            assert article.state == step.target.code, (step.action, article.state)
        detail_url = article.get_absolute_url()
        detail = client.get(detail_url).content.decode()
        assert _article_url(article, t.action) in detail, (t.action, "no web path")
        if t.action != "publish":
            assert f'value="{t.action}"' in detail, (t.action, "no button")
        steps = Step.objects.count()
        assert post(article, t, valid=False).status_code == 302
        shown = _flash(client, detail_url)
        assert shown and all(CJK.search(m) for m in shown), (t.action, shown)
        article.refresh_from_db()
        assert article.state == t.source.code and Step.objects.count() == steps
        assert post(article, t, valid=True).status_code == 302
        article.refresh_from_db()
        assert article.state == t.target.code, (t.action, article.state)
        _today_step(article, t.action, user)


# --- admissions --------------------------------------------------------------------


def test_every_admission_action_through_the_web(apply, people):
    candidates = (people.head, people.staff)
    clients = {u.pk: _client(u) for u in candidates}
    sources = {source for (_action, source) in ADMISSION_TRANSITIONS}
    for seq, ((action, source), (target, right)) in enumerate(
        sorted(ADMISSION_TRANSITIONS.items())
    ):
        if right == "introduce":
            # Introducers confirm or decline on their own 会员之家 pages, not on
            # the staff's page: tests/memberhome/test_join.py takes both there.
            continue
        app = apply(f"陈新人{seq}", seq=40 + seq)
        if source == "introducing":
            # An application made online waits for its introducers; staff may
            # still withdraw it from its page.
            Application.objects.filter(pk=app.pk).update(status=source)
        path = [] if source == "introducing" else _admission_path(source, sources)
        for step_action, step_from, step_to in path:
            _admission_post(app, step_action, candidates, clients, valid=True)
            app.refresh_from_db()
            assert app.status == step_to, (step_action, step_from, app.status)
        user = next(u for u in candidates if lifecycle_policy.can(u, right, app))
        client = clients[user.pk]
        detail_url = reverse("lifecycle:application", args=[app.pk])
        detail = client.get(detail_url).content.decode()
        assert reverse("lifecycle:application_act", args=[app.pk]) in detail
        assert f'value="{action}"' in detail, (action, source, "no button")
        steps = app.steps.count()
        _admission_post(app, action, [user], clients, valid=False)
        shown = _flash(client, detail_url)
        assert shown and all(CJK.search(m) for m in shown), (action, shown)
        app.refresh_from_db()
        assert app.status == source and app.steps.count() == steps
        _admission_post(app, action, [user], clients, valid=True)
        app.refresh_from_db()
        assert app.status == target, (action, source, app.status)
        step = app.steps.order_by("-id").first()
        assert (step.action, step.by, step.on) == (action, user, timezone.localdate())


def _admission_path(goal: str, sources) -> list[tuple[str, str, str]]:
    """The moves from ``submitted`` to ``goal`` along the admission table."""
    queue, seen = deque([("submitted", [])]), {"submitted"}
    while queue:
        status, path = queue.popleft()
        if status == goal:
            return path
        for (action, source), (target, _right) in sorted(ADMISSION_TRANSITIONS.items()):
            if source == status and target not in seen:
                seen.add(target)
                queue.append((target, [*path, (action, source, target)]))
    raise AssertionError(f"no path to {goal}")


def _admission_post(app, action, candidates, clients, *, valid: bool):
    app.refresh_from_db()
    right = ADMISSION_TRANSITIONS[(action, app.status)][1]
    user = next(u for u in candidates if lifecycle_policy.can(u, right, app))
    if valid:
        data = {
            "action": action,
            "on": timezone.localdate().isoformat(),
            "comment": "材料齐全，同意。",
            "version": app.version,
        }
    else:
        data = {
            "action": action,
            "on": "2024-13-45",
            "comment": "" if action == "reject" else "意" * 301,
        }
    response = clients[user.pk].post(
        reverse("lifecycle:application_act", args=[app.pk]), data
    )
    assert response.status_code == 302, (action, response.status_code)


# --- work-plan tasks ---------------------------------------------------------------


def test_every_task_status_change_through_the_web(cmp, make_task):
    user = cmp.staff
    client = _client(user)
    table = _task_moves()
    moves = [(src, dst) for src, targets in table.items() for dst in targets]
    assert len(moves) == 8
    for src, dst in moves:
        task = make_task(title=f"走访慰问老会员（{src}→{dst}）")
        for a, b in _task_path(Task.Status.TODO, src):
            client.post(reverse("campaigns:task_status", args=[task.pk]), {"to": b})
            task.refresh_from_db()
            assert task.status == b, (a, b, task.status)
        url = reverse("campaigns:task_status", args=[task.pk])
        detail_url = task.get_absolute_url()
        detail = client.get(detail_url).content.decode()
        assert url in detail and f'<option value="{dst}">' in detail, (src, dst)
        changes = len(engine.steps_of(task))
        # Invalid: a status the workflow does not allow from here.
        wrong = next(s for s in Task.Status.values if s not in table[src])
        assert client.post(url, {"to": wrong, "note": ""}).status_code == 302
        shown = _flash(client, detail_url)
        assert shown and all(CJK.search(m) for m in shown), (src, wrong, shown)
        task.refresh_from_db()
        assert task.status == src and len(engine.steps_of(task)) == changes
        response = client.post(url, {"to": dst, "note": "已按计划推进。"})
        assert response.status_code == 302
        task.refresh_from_db()
        assert task.status == dst
        change = engine.steps_of(task)[-1]
        assert (change.from_state, change.to_state, change.actor) == (src, dst, user)
        assert change.comment == "已按计划推进。"
        assert timezone.localtime(change.at).date() == timezone.localdate()
        assert "已按计划推进。" in client.get(detail_url).content.decode()


def _task_moves() -> dict[str, list[str]]:
    """The task workflow's moves as the engine holds them: source → targets."""
    table: dict[str, list[str]] = {}
    for status in Task.Status.values:
        table[status] = [
            t.target.code for t in engine.transitions_from(Task.WORKFLOW, status)
        ]
    return table


def _task_path(start: str, goal: str) -> list[tuple[str, str]]:
    queue, seen = deque([(start, [])]), {start}
    while queue:
        status, path = queue.popleft()
        if status == goal:
            return path
        for nxt in _task_moves()[status]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append((nxt, [*path, (status, nxt)]))
    raise AssertionError(f"no path to {goal}")
