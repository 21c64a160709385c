"""What a hand edit of an actor or place file means (docs/curation.md), as pure functions.

- A corrected `name:` keeps the name the file was generated from as an alias: mentions and
  quotes stay on the page (they are found by the file's slug, which that name gave).
- In a hand-edited file, `aliases:` and `roles:` are the lists shown (a wrong one can be
  removed); `aliases_add:` and `roles_add:` add to what extraction finds instead.
- `merge_into: <slug>` sends this entity's mentions, quotes and names to the other entity
  of the same kind; its own URL becomes a redirect page.

Every hand-edited file gets one line in the build summary saying what it did.
entity_merge.py calls these functions for the entities whose counts or file changed; a full
build is the same code from an empty state.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from site_builder.errors import ContentError
from site_builder.model import Entity, EntityKind, SourceLocation
from site_builder.slugs import slugify

if TYPE_CHECKING:
    from site_builder.enrich.entity_merge import CuratedEntity

Key = tuple[bool, str]
"""(is a place, slug), as in entity_merge."""
ADD_KEYS = {"aliases_add": "aliases", "roles_add": "roles"}
_FOLDERS = {False: "actors", True: "places"}


@dataclass(frozen=True)
class CurationEdits:
    """The keys of an entity file that say how to change the generated entity."""

    aliases_add: tuple[str, ...] = ()
    """Aliases added to those extraction finds (`aliases:` replaces them)."""
    roles_add: tuple[str, ...] = ()
    """Roles added to those extraction finds (`roles:` replaces them)."""
    merge_into: str | None = None
    """Slug of the entity (same kind) this one is merged into."""


# --- reading ------------------------------------------------------------------------------

def read_edits(meta: dict[str, Any], source: SourceLocation) -> CurationEdits:
    """Pure: the curation keys of an entity file's front matter (errors name the key)."""
    lists = {key: _names(meta, key, source) for key in ADD_KEYS}
    target = meta.get("merge_into")
    if target is not None and (not isinstance(target, str) or slugify(target) != target
                               or not target):
        raise ContentError(source, "'merge_into' must be the slug of another file of the same "
                                   "folder (its name without .md), e.g. `merge_into: jean-dupont`"
                                   f", got {target!r}")
    return CurationEdits(**lists, merge_into=target)


def _names(meta: dict[str, Any], key: str, source: SourceLocation) -> tuple[str, ...]:
    value = meta.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise ContentError(source, f"{key!r} must be a list of names, e.g. `{key}: [A, B]`")
    return tuple(str(v).strip() for v in value if str(v).strip())


# --- names and lists ----------------------------------------------------------------------

def former_names(found: Entity, own: Entity) -> tuple[str, ...]:
    """The generated names a hand-set `name:` replaced: the name extraction gives the slug,
    or, once the new name is what extraction finds, the spellings whose slug is the file's
    (the file was named after them). They stay aliases."""
    same_slug = [alias for alias in found.aliases if slugify(alias) == own.slug]
    if found.name != own.name:
        candidates = [found.name, *same_slug]
    elif slugify(own.name) != own.slug:
        candidates = same_slug
    else:
        return ()
    return tuple(name for name in dict.fromkeys(candidates) if name != own.name)


def curated_lists(found: Entity, item: CuratedEntity
                  ) -> tuple[list[Iterable[str]], list[Iterable[str]]]:
    """The lists whose union gives a hand-edited entity's aliases, and its roles: a key set in
    the file replaces the generated list, `*_add` adds, former names stay aliases."""
    own, keys, edits = item.entity, item.keys, item.edits
    aliases: list[Iterable[str]] = [own.aliases] if "aliases" in keys else \
        [found.aliases, [found.name]]
    aliases += [former_names(found, own), edits.aliases_add]
    roles: list[Iterable[str]] = [own.roles] if "roles" in keys else [found.roles]
    roles.append(edits.roles_add)
    return aliases, roles


# --- merge_into ---------------------------------------------------------------------------

def merge_targets(curated: Sequence[CuratedEntity], visible: Mapping[Key, Entity]
                  ) -> dict[Key, str]:
    """Key of each visible entity a hand-edited file merges -> the slug it goes into (chains
    followed: A into B into C is A into C). Unknown targets and cycles merge nothing."""
    wanted = {_key(item.entity): item.edits.merge_into for item in curated
              if item.is_hand_edited and item.edits.merge_into}
    targets = {}
    for key, slug in sorted(wanted.items()):
        seen, target = {key}, (key[0], slug)
        while target in wanted and target not in seen:
            seen.add(target)
            target = (key[0], wanted[target])
        if key in visible and target not in seen and target in visible:
            targets[key] = target[1]
    return targets


def _key(entity: Entity) -> Key:
    return entity.kind is EntityKind.PLACE, entity.slug


# --- what each curation did, one line each ------------------------------------------------

def describe_curations(curated: Sequence[CuratedEntity], found: Mapping[Key, Entity],
                       final: Mapping[Key, Entity], targets: Mapping[Key, str]
                       ) -> dict[str, str]:
    """Source path of each hand-edited file -> one line saying what it did. `found`: the
    entities as extraction made them (before the files); `final`: those shown."""
    files = {_key(item.entity) for item in curated}
    lines = {}
    for item in curated:
        if item.is_hand_edited:
            key = _key(item.entity)
            parts = describe_curation(item, found.get(key), final.get(key), targets.get(key))
            parts += _describe_absorbed(item, files, final)
            lines[str(item.entity.source)] = f"{item.entity.source}: {' ; '.join(parts)}"
    return lines


def _describe_absorbed(item: CuratedEntity, files: set[Key], final: Mapping[Key, Entity]
                       ) -> list[str]:
    """A name corrected to that of another page takes that page's mentions, and its file
    goes: say so, and how to keep that page's slug instead."""
    own = item.entity
    other = (own.kind is EntityKind.PLACE, slugify(own.name))
    if own.hidden or item.edits.merge_into or other[1] == own.slug or other not in files \
            or other in final:
        return []
    return [f"la page « {other[1]} », du même nom, disparaît dans celle-ci ; pour garder son "
            f"slug, remettez l'ancien nom et ajoutez merge_into: {other[1]}"]


def describe_curation(item: CuratedEntity, found: Entity | None, final: Entity | None,
                      target: str | None) -> list[str]:
    """What one hand-edited file did, in a few French phrases."""
    own = item.entity
    if own.hidden:
        return ["masqué (hidden: true), pas de page"]
    if item.edits.merge_into:
        return [_describe_merge(own, item.edits.merge_into, target)]
    parts = []
    former = former_names(found, own) if found is not None else ()
    if former:
        parts.append(f"nom corrigé « {former[0]} » → « {own.name} » ; l'ancien nom reste un alias")
    if found is not None and final is not None:
        parts += _describe_lists(item, found, final)
    return parts or ["conservé (modifié à la main)"]


def _describe_lists(item: CuratedEntity, found: Entity, final: Entity) -> list[str]:
    parts = []
    for label, key, generated, shown, added in (
            ("alias", "aliases", (found.name, *found.aliases), (final.name, *final.aliases),
             item.edits.aliases_add),
            ("rôles", "roles", found.roles, final.roles, item.edits.roles_add)):
        removed = [value for value in generated if value not in shown]
        if key in item.keys and removed:
            parts.append(f"{key}: remplace les {label} trouvés (non repris : {', '.join(removed)})")
        new = [value for value in added if value not in generated]
        if new:
            parts.append(f"{key}_add: ajoute {', '.join(new)}")
    return parts


def _describe_merge(own: Entity, wanted: str, target: str | None) -> str:
    folder = _FOLDERS[own.kind is EntityKind.PLACE]
    if target is None:
        return (f"merge_into: « {wanted} » n'est pas une fiche visible de {folder}/ (ou la "
                f"fusion tourne en rond) ; rien fusionné ; corrigez le slug")
    line = (f"fusionné dans content/{folder}/{target}.md (merge_into) ; /{folder}/{own.slug}/ "
            f"redirige vers /{folder}/{target}/")
    if len(target) < len(own.slug):
        line += (f" ; le slug gardé est le plus court : pour garder « {own.slug} », mettez "
                 f"merge_into: {own.slug} dans {target}.md à la place")
    return line

