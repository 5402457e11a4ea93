"""Organization drop-downs stay small however large the tree is."""

from django.urls import reverse

from tongxin.orgs.models import Organization
from tongxin.orgs.selectors import org_filter_choices


def test_a_small_tree_is_listed_whole(org):
    choices = org_filter_choices(Organization.objects.all(), limit=10)
    assert not choices.truncated
    assert [o.code for o in choices.orgs] == [
        o.code for o in Organization.objects.order_by("path")
    ]


def test_a_large_tree_lists_the_upper_levels_and_the_chosen_branch(org):
    # city (depth 0), edu and direct (1), edu1 and edu2 (2): three fit in 3.
    choices = org_filter_choices(Organization.objects.all(), limit=3)
    assert choices.truncated and choices.depth == org.city.depth + 1
    assert {o.code for o in choices.orgs} == {
        org.city.code,
        org.edu.code,
        org.direct.code,
    }
    chosen = org_filter_choices(
        Organization.objects.all(), selected=[org.edu2], limit=3
    )
    codes = [o.code for o in chosen.orgs]
    assert org.edu2.code in codes and org.edu1.code not in codes
    assert codes.index(org.edu.code) < codes.index(org.edu2.code)  # tree order


def test_the_member_list_offers_a_trimmed_drop_down(org, people, client, monkeypatch):
    from tongxin.orgs import selectors

    client.force_login(people.staff)
    page = client.get(reverse("members:list"))
    assert f'<option value="{org.edu2.pk}"' in page.content.decode()
    assert "组织较多" not in page.content.decode()

    monkeypatch.setattr(selectors, "FILTER_CHOICES_LIMIT", 3)
    body = client.get(reverse("members:list")).content.decode()
    assert "组织较多" in body
    # By value and name: other drop-downs (sectors) have numeric values too.
    option = f'<option value="{org.edu2.pk}">\u3000\u3000教育二支部</option>'
    assert option not in body
    assert f'<option value="{org.edu.pk}">\u3000教育基层委员会</option>' in body
    page = client.get(reverse("members:list") + f"?org={org.edu2.pk}")
    assert option.replace('">', '" selected>', 1) in page.content.decode()


def test_the_other_filters_are_trimmed_too(org, people, client, monkeypatch):
    """The activities statistics and the appraisal tables use the same drop-down."""
    from tongxin.orgs import selectors

    client.force_login(people.staff)
    monkeypatch.setattr(selectors, "FILTER_CHOICES_LIMIT", 3)
    stats = client.get(reverse("activities:stats")).content.decode()
    assert "组织较多" in stats
    assert "教育二支部</option>" not in stats
    assert "教育基层委员会</option>" in stats
    chosen = client.get(reverse("activities:stats") + f"?org={org.edu2.pk}")
    assert f'<option value="{org.edu2.pk}" selected' in chosen.content.decode()

    for name in ("honors:list", "honors:stats"):
        body = client.get(reverse(name)).content.decode()
        assert "组织较多" in body, name
        assert "教育二支部</option>" not in body, name
        chosen = client.get(reverse(name) + f"?org={org.edu2.pk}").content.decode()
        assert f'<option value="{org.edu2.pk}" selected' in chosen, name

    scores = client.get(reverse("appraisal:scores")).content.decode()
    assert "组织较多" in scores
    assert "教育二支部</option>" not in scores
    chosen = client.get(reverse("appraisal:scores") + f"?org={org.edu2.code}")
    assert f'<option value="{org.edu2.code}" selected' in chosen.content.decode()


def test_an_organization_page_links_to_its_scores(org, people, client):
    client.force_login(people.staff)
    page = client.get(reverse("orgs:detail", args=[org.edu.pk])).content.decode()
    assert f"{reverse('appraisal:scores')}?org={org.edu.code}" in page
    client.force_login(people.member)
    page = client.get(reverse("orgs:detail", args=[org.edu2.pk]))
    assert reverse("appraisal:scores") not in page.content.decode()
