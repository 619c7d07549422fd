"""Full-text search pieces that exist only on PostgreSQL.

The search indexes are GIN indexes over a weighted tsvector expression. SQLite
has neither, so the migrations create them through ``AddIndexOnPostgres``,
which does nothing elsewhere and leaves the migration state alone (the models
do not declare them, so a table rebuild on SQLite never tries to make one).
"""

from django.db import migrations

SEARCH_CONFIG = "english"


def search_vector(weighted_fields):
    """The weighted tsvector the search queries use; each GIN index is built on exactly this."""
    from django.contrib.postgres.search import SearchVector

    vectors = [
        SearchVector(field, weight=weight, config=SEARCH_CONFIG)
        for field, weight in weighted_fields
    ]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined = combined + vector
    return combined


def search_index(name, weighted_fields):
    from django.contrib.postgres.indexes import GinIndex

    return GinIndex(search_vector(weighted_fields), name=name)


class AddIndexOnPostgres(migrations.AddIndex):
    reduces_to_sql = False

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = to_state.apps.get_model(app_label, self.model_name)
            schema_editor.add_index(model, self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = from_state.apps.get_model(app_label, self.model_name)
            schema_editor.remove_index(model, self.index)

    def describe(self):
        return f"Create index {self.index.name} on {self.model_name} (PostgreSQL only)"
