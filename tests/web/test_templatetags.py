"""Display helpers of the templates: masking, code names, query strings."""

import datetime as dt
import html

from django.template import Context, Template
from django.test import RequestFactory

from tongxin.core.templatetags import tongxin as tags


def test_it_masks_id_numbers_and_phones():
    assert tags.mask_id("210202198005191234") == "2****************4"
    assert tags.mask_phone("13812345678") == "1*********8"
    assert tags.mask_id(None) == "" and tags.mask_phone("") == ""


def test_it_names_codes_and_keeps_unknown_ones():
    assert tags.code_name("01", "ethnicity") == "汉族"
    assert tags.code_name("01", "sector") == "教育"
    assert tags.code_name("zz", "sector") == "zz"
    assert tags.code_name("", "education") == ""
    assert tags.education_level_label("21") == "大学本科"


def test_it_computes_ages_and_months():
    today = dt.date.today()
    born = today.replace(year=today.year - 40)
    assert tags.age(born) == 40
    assert tags.age(None) == ""
    assert tags.year_month(dt.date(1975, 3, 14)) == "1975.03"


def test_querystring_replace_sets_one_param_and_drops_the_cursor():
    request = RequestFactory().get(
        "/members/", {"q": "zcj", "cursor": "abc", "sort": "stroke"}
    )
    template = Template(
        "{% load tongxin %}{% querystring_replace 'sort' 'pinyin' %}|"
        "{% querystring_replace 'cursor' 'xyz' %}|{% querystring_replace 'q' '' %}"
    )
    # Escaped for HTML attributes, as in href="?q=zcj&amp;sort=pinyin".
    rendered = html.unescape(template.render(Context({"request": request})))
    by_sort, by_cursor, without_q = rendered.split("|")
    assert by_sort == "q=zcj&sort=pinyin"
    assert by_cursor == "q=zcj&cursor=xyz&sort=stroke"
    assert without_q == "sort=stroke"


def test_display_shows_a_choice_label_like_get_display(db):
    from django.utils import translation

    from tongxin.members.models import Member

    m = Member(gender=Member.Gender.FEMALE, status=Member.Status.ACTIVE)
    with translation.override("zh-hans"):
        assert tags.display(m, "gender") == m.get_gender_display() == "女"
        assert tags.display(m, "status") == m.get_status_display()
    m.gender = "x"  # an unknown value is shown as it is
    assert tags.display(m, "gender") == "x"


def test_org_options_marks_the_chosen_and_the_closed(org):
    from tongxin.orgs.models import Organization

    orgs = list(Organization.objects.order_by("path"))
    org.edu1.closed_on = dt.date(2020, 1, 1)
    orgs = [org.edu1 if o.pk == org.edu1.pk else o for o in orgs]
    html_ = str(tags.org_options(orgs, str(org.edu.pk), tree=True))
    assert (
        f'<option value="{org.edu.pk}" selected>\u3000{org.edu.name}</option>' in html_
    )
    assert (
        f'<option value="{org.edu1.pk}">\u3000\u3000教育一支部（已撤销）</option>'
        in html_
    )
    assert html_.count("selected") == 1
    by_code = str(tags.org_options(orgs, org.edu2.code, value="code"))
    assert f'<option value="{org.edu2.code}" selected>教育二支部</option>' in by_code
    named = Organization(name="<b>", code="X", depth=0, path="")
    assert "&lt;b&gt;" in str(tags.org_options([named]))


def test_numbers_are_written_as_the_exports_write_them():
    from decimal import Decimal

    assert tags.number(Decimal("2.0")) == "2"
    assert tags.number(Decimal("0.50")) == "0.5"
    assert tags.number(Decimal("20")) == "20"
    assert tags.number(49.75) == "49.75"
    assert tags.number(None) == "" and tags.number("—") == "—"
