"""The patched Material partials in overrides/ are exactly what sitebuild/overrides.py makes."""

from __future__ import annotations

import pytest

from sitebuild import overrides


@pytest.mark.parametrize("name", sorted(overrides.PATCHES))
def test_override_matches_the_installed_material_plus_its_patch(name: str) -> None:
    written = (overrides.OVERRIDES / name).read_text(encoding="utf-8")
    assert written == overrides.patched(name), (
        f"overrides/partials/{name} is stale: run python -m sitebuild.overrides"
    )
    _, replacement, _ = overrides.PATCHES[name]
    assert replacement in written
