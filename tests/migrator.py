"""Run the project's migrations back and forth inside a test, for data-migration tests.

    def test_x(migrator):            # fixture in tests/conftest.py is not needed: use the class
        old = Migrator().before([("candidates", "0003_profile_listed")])
        ... create rows with old.get_model("candidates", "CandidateProfile") ...
        new = Migrator().after([("candidates", "0004_vocabulary_profile_fields")])

Such a test needs `@pytest.mark.django_db(transaction=True)`; `Migrator.finish()` migrates the
database back to the latest state so the next test finds every table as it expects.
"""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


class Migrator:
    def __init__(self):
        self.executor = MigrationExecutor(connection)

    def _migrate(self, targets):
        self.executor.loader.build_graph()
        self.executor.migrate(targets)
        self.executor.loader.build_graph()
        return self.executor.loader.project_state(targets).apps

    def before(self, targets):
        """Migrate back to `targets` and return the historical apps of that state."""
        return self._migrate(targets)

    def after(self, targets):
        """Migrate forward to `targets` and return the historical apps of that state."""
        return self._migrate(targets)

    def finish(self):
        self.executor.loader.build_graph()
        self.executor.migrate(self.executor.loader.graph.leaf_nodes())
