"""Display helpers of the templates: masking, code names, query strings."""

import datetime as dt
import html

from django.template import Context, Template
from django.test import RequestFactory

from tongxin.core.templatetags import tongxin as tags


def test_it_masks_id_numbers_and_phones():
    assert tags.mask_id("210202198005191234") == "210202********1234"
    assert tags.mask_phone("13812345678") == "138****5678"
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
