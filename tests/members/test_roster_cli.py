"""``tongxin import-roster`` and ``tongxin export-roster``."""

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import make_id_number
from tests.members.roster_files import read_xlsx, xlsx
from tongxin.members.models import Member

ZHANG = make_id_number(dt.date(1975, 3, 14), female=False)
WANG = make_id_number(dt.date(1982, 11, 2), female=True)


def write(tmp_path: Path, rows: list[list], name: str = "花名册.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(xlsx(rows))
    return path


def good(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        [
            ["姓名", "身份证号", "所在组织"],
            ["张传吉", ZHANG, "教育一支部"],
            ["王芳", WANG, "教育二支部"],
        ],
    )


def bad(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        [
            ["姓名", "性别", "身份证号", "所在组织"],
            ["张传吉", "男", ZHANG, "教育一支部"],
            ["王芳", "女", "12345", "教育二支部"],
        ],
    )


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# import-roster ----------------------------------------------------------------------


def test_json_prints_one_object_with_the_contract_keys(org, tmp_path):
    data = json.loads(run("import_roster", str(good(tmp_path)), "--json"))
    assert {"rows", "valid", "created", "updated", "errors"} <= set(data)
    assert (data["rows"], data["valid"], data["created"], data["updated"]) == (
        2,
        2,
        2,
        0,
    )
    assert data["errors"] == [] and data["committed"] is False
    assert not any(Member.objects.with_id_number(n).exists() for n in (ZHANG, WANG))


def test_json_lists_errors_as_row_column_value_message(org, tmp_path):
    data = json.loads(run("import_roster", str(bad(tmp_path)), "--json"))
    assert data["errors"] == [
        {
            "row": 3,
            "column": "身份证号",
            "value": "12345",
            "message": "身份证号应为 18 位，实际为 5 位：“12345”",
        }
    ]


def test_commit_imports_as_the_command_line_with_honest_history(org, tmp_path):
    output = run("import_roster", str(good(tmp_path)), "--commit")
    assert "已导入：新增 2 人" in output
    record = Member.objects.with_id_number(ZHANG).get().history.get()
    assert record.history_user is None
    assert record.history_change_reason == "命令行导入：花名册.xlsx"


def test_commit_with_errors_in_mode_all_writes_nothing_and_fails(org, tmp_path):
    before = Member.objects.count()
    out = io.StringIO()
    with pytest.raises(CommandError) as e:
        call_command(
            "import_roster", str(bad(tmp_path)), "--commit", "--json", stdout=out
        )
    assert e.value.returncode == 1
    data = json.loads(out.getvalue())
    assert data["committed"] is False and (data["created"], data["valid"]) == (0, 1)
    assert Member.objects.count() == before


def test_mode_valid_imports_the_valid_rows(org, tmp_path):
    data = json.loads(
        run(
            "import_roster", str(bad(tmp_path)), "--commit", "--mode", "valid", "--json"
        )
    )
    assert (
        data["committed"] is True and data["created"] == 1 and len(data["errors"]) == 1
    )
    assert Member.objects.with_id_number(ZHANG).exists()


def test_human_output_lists_problems_in_chinese(org, tmp_path):
    output = run("import_roster", str(bad(tmp_path)))
    assert "数据行：2，无误：1，有误：1" in output
    assert "第 3 行 [身份证号] “12345”：身份证号应为 18 位" in output
    assert "预览：将新增 1 人" in output and "--commit" in output


def test_org_names_the_default_organization(org, tmp_path):
    path = write(tmp_path, [["姓名", "身份证号"], ["张传吉", ZHANG]])
    run("import_roster", str(path), "--commit", "--org", "D1")
    assert Member.objects.with_id_number(ZHANG).get().organization == org.direct


def test_user_imports_with_that_users_scope(org, people, tmp_path):
    data = json.loads(
        run("import_roster", str(good(tmp_path)), "--user", "head", "--json")
    )
    assert [(e["row"], e["column"]) for e in data["errors"]] == [(3, "所在组织")]
    run(
        "import_roster",
        str(good(tmp_path)),
        "--user",
        "head",
        "--commit",
        "--mode",
        "valid",
    )
    record = Member.objects.with_id_number(ZHANG).get().history.get()
    assert record.history_user == people.head


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--user", "nobody"], "用户“nobody”不存在"),
        (["--org", "X9"], "组织代码“X9”不存在"),
        (["--user", "outsider"], "您没有导入会员的权限"),
    ],
)
def test_bad_options_are_refused(org, people, tmp_path, args, message):
    with pytest.raises(CommandError) as e:
        run("import_roster", str(good(tmp_path)), "--commit", *args)
    assert message in str(e.value) and e.value.returncode == 2
    assert not Member.objects.with_id_number(ZHANG).exists()


def test_refused_files_exit_with_two_and_a_message(org, tmp_path):
    path = tmp_path / "花名册.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    out = io.StringIO()
    with pytest.raises(CommandError) as e:
        call_command("import_roster", str(path), "--json", stdout=out)
    assert e.value.returncode == 2 and "另存为" in str(e.value)
    assert "另存为" in json.loads(out.getvalue())["refused"]
    with pytest.raises(CommandError, match="文件不存在"):
        run("import_roster", str(tmp_path / "missing.xlsx"))


def test_the_console_script_takes_dashed_names_and_exits_non_zero(tmp_path):
    """Runs ``tongxin import-roster`` for real; a refused file needs no database."""
    path = tmp_path / "名册.txt"
    path.write_text("姓名\n张三\n")
    env = {**os.environ, "TONGXIN_VAR_DIR": str(tmp_path / "var")}
    done = subprocess.run(
        [sys.executable, "-m", "tongxin.cli", "import-roster", str(path), "--json"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 2
    assert "不支持的文件类型" in json.loads(done.stdout)["refused"]
    assert "不支持的文件类型" in done.stderr


# export-roster ----------------------------------------------------------------------


def test_export_writes_the_roster_and_reads_back(org, people, tmp_path):
    path = tmp_path / "导出.xlsx"
    output = run("export_roster", str(path))
    assert output.strip() == f"已导出 1 名会员到 {path}。"
    rows = read_xlsx(path.read_bytes())
    assert rows[1][0] == "李晓梅"
    data = json.loads(run("import_roster", str(path), "--json"))
    assert (data["unchanged"], data["errors"]) == (1, [])


def test_export_filters_by_org_code_and_status(org, people, make_member, tmp_path):
    make_member(org.edu1, "张传吉")
    make_member(org.direct, "王芳", female=True)
    path = tmp_path / "a.xlsx"
    data = json.loads(
        run("export_roster", str(path), "--org", "G1", "--status", "all", "--json")
    )
    assert data == {"rows": 2, "path": str(path)}
    assert sorted(r[0] for r in read_xlsx(path.read_bytes())[1:]) == [
        "张传吉",
        "李晓梅",
    ]


def test_export_uses_the_users_scope(org, people, make_member, tmp_path):
    make_member(org.edu1, "张传吉")
    path = tmp_path / "a.xlsx"
    run("export_roster", str(path), "--user", "head")
    assert [r[0] for r in read_xlsx(path.read_bytes())[1:]] == ["张传吉"]
    with pytest.raises(CommandError, match="您没有导出会员花名册的权限") as e:
        run("export_roster", str(tmp_path / "b.xlsx"), "--user", "member")
    assert e.value.returncode == 2 and not (tmp_path / "b.xlsx").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "X9"], "组织代码“X9”不存在"),
        (["--user", "nobody"], "用户“nobody”不存在"),
    ],
)
def test_export_refuses_bad_options(org, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        run("export_roster", str(tmp_path / "a.xlsx"), *args)
    assert list(tmp_path.iterdir()) == []


def test_export_refuses_other_file_types(org, tmp_path):
    with pytest.raises(CommandError, match=r"\.xlsx"):
        run("export_roster", str(tmp_path / "a.csv"))
