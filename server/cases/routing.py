"""Who gets a new case: the owner of its touchpoint, else the site's default owner, else nobody."""
from __future__ import annotations


def owner_for(touchpoint: str, owners: dict[str, int], default_owner_id: int | None) -> int | None:
    """The user id a case of ``touchpoint`` goes to (``owners`` maps touchpoint labels to user ids)."""
    return owners.get(touchpoint, default_owner_id)
