"""Members named in pasted text or in a sheet: one resolution for every form.

A list of people arrives as text -- names, certificate numbers or ID numbers
separated by new lines, commas, 、 or spaces -- or as the rows of a sign-in
sheet.  :func:`resolve_names` looks every entry up among the members the user
may see, in a few queries for the whole list, and answers with the members
found, the entries that match several members (an *ambiguity*, offered to the
user as a choice, never an error) and the entries that match nobody.

The user's choice for an ambiguous entry comes back as ``choice-<key>`` =
member id (:func:`choices_from`); a choice is taken only among that entry's
candidates.  The template ``members/_name_choices.html`` renders the choices
the same way in every form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tongxin.core import chinese, idnumber
from tongxin.core.crypto import blind_index
from tongxin.members.models import Member
from tongxin.members.selectors import member_queryset

__all__ = [
    "Ambiguity",
    "Entry",
    "Resolution",
    "UnresolvedNames",
    "choices_from",
    "resolve_entries",
    "resolve_names",
    "split_names",
]

_SPLIT = re.compile(r"[\s,，、;；]+")
_ID_NUMBER = re.compile(r"[0-9]{17}[0-9X]")
_CHOICE = re.compile(r"^choice-(\d{1,7})$")


def split_names(text: str) -> list[str]:
    """The entries of a pasted list, in order (blank ones dropped)."""
    return [e for e in _SPLIT.split(text or "") if e]


@dataclass
class Entry:
    """One entry of a list: ``key`` is its position (or its sheet row)."""

    key: int
    text: str
    org_hint: str = ""


@dataclass
class Ambiguity:
    entry: Entry
    candidates: list[Member]

    @property
    def key(self) -> int:
        return self.entry.key

    @property
    def text(self) -> str:
        return self.entry.text


@dataclass
class Resolution:
    """What a list named: ``found`` maps each resolved entry's key to its member."""

    entries: list[Entry]
    found: dict[int, Member] = field(default_factory=dict)
    ambiguous: list[Ambiguity] = field(default_factory=list)
    missing: list[Entry] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.ambiguous and not self.missing

    @property
    def members(self) -> list[Member]:
        """The members found, in the list's order, each once."""
        seen: dict[int, Member] = {}
        for entry in self.entries:
            member = self.found.get(entry.key)
            if member is not None:
                seen.setdefault(member.pk, member)
        return list(seen.values())

    @property
    def repeated(self) -> int:
        """Entries naming a member already named earlier in the list."""
        return len(self.found) - len(self.members)

    def missing_reason(self, entry: Entry) -> str:
        return _("找不到会员“%s”，或您无权查看。") % entry.text

    def messages(self) -> list[str]:
        """Each problem as a sentence in Chinese (for the API and plain errors)."""
        out = [self.missing_reason(e) for e in self.missing]
        for a in self.ambiguous:
            out.append(
                _("“%(name)s”对应 %(n)d 名会员（%(who)s），请选择其中一位。")
                % {
                    "name": a.text,
                    "n": len(a.candidates),
                    "who": "；".join(candidate_label(m) for m in a.candidates),
                }
            )
        return out


class UnresolvedNames(ValidationError):
    """A list with entries found nowhere or namesakes to choose among.

    A ValidationError on ``field`` (each problem a sentence, for the API and
    plain messages) that carries the ``resolution``, so a page can offer the
    choices instead.
    """

    def __init__(self, resolution: Resolution, *, field: str = "names"):
        self.resolution = resolution
        super().__init__({field: resolution.messages()})


def candidate_label(member: Member) -> str:
    """A candidate as a user tells namesakes apart, personal numbers masked."""
    parts = [member.name, member.organization.name]
    if member.get_gender_display():
        parts.append(str(member.get_gender_display()))
    if member.birth_date:
        parts.append(_("%d年生") % member.birth_date.year)
    if member.mobile:
        parts.append(_("手机 %s") % idnumber.mask_phone(member.mobile))
    if member.certificate_no:
        parts.append(_("会员证号 %s") % member.certificate_no)
    return " · ".join(parts)


def choices_from(data: Mapping) -> dict[int, int]:
    """The choices a form sent back: ``{entry key: member id}``."""
    out: dict[int, int] = {}
    for name in data:
        m = _CHOICE.match(str(name))
        value = str(data.get(name) or "")
        if m and value.isdigit():
            out[int(m.group(1))] = int(value)
    return out


def _id_number(text: str) -> str:
    if not text.isascii():
        return ""
    try:
        number = idnumber.normalize_id_number(text)
    except ValueError:
        return ""
    return number if _ID_NUMBER.fullmatch(number) else ""


def resolve_entries(
    *,
    user,
    entries: Iterable[Entry],
    choices: Mapping[int, int] | None = None,
    active_only: bool = True,
    queryset: QuerySet | None = None,
) -> Resolution:
    """Look each entry up among the members ``user`` may see.

    An entry is a certificate number, an ID number or a name (traditional
    characters are read as simplified).  Names match active members only unless
    ``active_only`` is false; numbers match whoever holds them.  An entry with
    an ``org_hint`` (a sheet's 所在组织 column) prefers the namesakes of that
    organization.
    """
    entries = list(entries)
    choices = dict(choices or {})
    visible = (
        queryset if queryset is not None else member_queryset(user=user)
    ).select_related("organization")
    # The personal numbers are decrypted only for the candidates shown.
    visible = visible.defer("id_number", "mobile")
    texts = {e.text for e in entries}
    by_cert = {
        m.certificate_no: m for m in visible.filter(certificate_no__in=list(texts))
    }
    numbers = {t: n for t in texts if (n := _id_number(t))}
    hashes = {blind_index("id_number", n): t for t, n in numbers.items()}
    by_id = {
        hashes[m.id_number_hash]: m
        for m in visible.filter(id_number_hash__in=list(hashes))
    }
    names = {chinese.to_simplified(t): t for t in texts if not t.isascii()}
    named = visible.filter(name__in=list(set(names) | texts))
    if active_only:
        named = named.filter(status=Member.Status.ACTIVE)
    by_name: dict[str, list[Member]] = {}
    for m in named.order_by("stroke_key", "id"):
        by_name.setdefault(m.name, []).append(m)
    result = Resolution(entries=entries)
    for entry in entries:
        member = by_cert.get(entry.text) or by_id.get(entry.text)
        if member is not None:
            result.found[entry.key] = member
            continue
        found = by_name.get(entry.text) or by_name.get(
            chinese.to_simplified(entry.text), []
        )
        if entry.org_hint and len(found) > 1:
            narrowed = [m for m in found if m.organization.name == entry.org_hint]
            found = narrowed or found
        if not found:
            result.missing.append(entry)
        elif len(found) == 1:
            result.found[entry.key] = found[0]
        else:
            picked = next((m for m in found if m.pk == choices.get(entry.key)), None)
            if picked is not None:
                result.found[entry.key] = picked
            else:
                result.ambiguous.append(Ambiguity(entry=entry, candidates=found))
    return result


def resolve_names(
    *,
    user,
    text: str,
    choices: Mapping[int, int] | None = None,
    active_only: bool = True,
    queryset: QuerySet | None = None,
) -> Resolution:
    """Resolve a pasted list; entries are keyed by their position (1, 2, ...)."""
    entries = [Entry(key=i, text=t) for i, t in enumerate(split_names(text), 1)]
    return resolve_entries(
        user=user,
        entries=entries,
        choices=choices,
        active_only=active_only,
        queryset=queryset,
    )
