"""Full-text and trigram search pieces that exist only on PostgreSQL.

The search indexes are GIN indexes over a weighted tsvector expression. SQLite
has neither, so the migrations create them through ``AddIndexOnPostgres``,
which does nothing elsewhere and leaves the migration state alone (the models
do not declare them, so a table rebuild on SQLite never tries to make one).
"""

from django.db import migrations
from django.db.models import BooleanField, Func

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


def trigram_text(weighted_fields):
    """An item's names and summaries (weights A and B) as one text, for pg_trgm's match of
    a misspelt word; each trigram index is built on exactly this."""
    from django.db.models import F, TextField, Value
    from django.db.models.functions import Concat

    names = [F(field) for field, weight in weighted_fields if weight in "AB"]
    text = names[0]
    for name in names[1:]:
        text = Concat(text, Value(" "), name, output_field=TextField())
    return text


def trigram_index(name, weighted_fields):
    from django.contrib.postgres.indexes import GinIndex, OpClass

    return GinIndex(OpClass(trigram_text(weighted_fields), name="gin_trgm_ops"), name=name)


class StrictWordSimilar(Func):
    """``text %>> words``: some run of whole words of ``text`` is like ``words`` (pg_trgm's
    strict word similarity above ``pg_trgm.strict_word_similarity_threshold``, 0.5 by
    default). Written as the operator, not the function, so a trigram index serves it."""

    template = "%(expressions)s"
    arg_joiner = " %%>> "
    output_field = BooleanField()


def create_trigram_extension(apps, schema_editor):
    """For a migration's RunPython: pg_trgm, which the trigram indexes need. A trusted
    extension: the database's owner may create it (PostgreSQL 13 and later)."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


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
