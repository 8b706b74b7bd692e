from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[4]
SHARED_CATALOG = REPO_ROOT.parent / "shared" / "catalog" / "offers.json"


@pytest.fixture
def shared_catalog() -> Path:
    if not SHARED_CATALOG.exists():
        pytest.skip(f"the shared catalog file is not at {SHARED_CATALOG} (shared/ beside the repo)")
    return SHARED_CATALOG
