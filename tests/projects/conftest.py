import io

import pytest

from core.demo import DemoContext


@pytest.fixture
def report_projects(db):
    """The report's projects as seed_demo loads them (accounts first: coordinators are users)."""
    from accounts.demo import seed_accounts
    from projects.demo import seed_projects

    ctx = DemoContext(seed=1, scale="small", stdout=io.StringIO())
    seed_accounts(ctx)
    seed_projects(ctx)
