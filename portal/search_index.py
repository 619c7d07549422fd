"""The SQLite full-text index of every search source's text (FTS5, porter stemmer).

PostgreSQL searches the content tables themselves (GIN indexes over tsvectors);
SQLite has no stemming of its own, so there each source's weighted fields are
copied into one FTS5 table, a row per item. Every row is indexed, drafts and
scheduled items too: whether an item may be shown is decided at query time by
``published()``, so a scheduled go-live or an expiry needs no re-indexing.

The index follows every save and delete (signals, in the same transaction, so a
rolled-back change leaves it as it was) and is rebuilt after every ``migrate``
and ``flush``, which change rows without saving them one by one.
"""

from django.db import connection
from django.db.models.signals import post_delete, post_migrate, post_save

from publishing import registry

TABLE = "portal_search_text"
# One column per tsvector weight, so SQLite ranks a title match like PostgreSQL does.
WEIGHTS = ("A", "B", "C", "D")
# bm25's column weights, in PostgreSQL's ts_rank proportions (A 1.0, B 0.4, C 0.2, D 0.1);
# the first two columns (kind, object id) are not text.
BM25 = f"bm25({TABLE}, 0, 0, 10.0, 4.0, 2.0, 1.0)"


def active():
    return connection.vendor == "sqlite"


def columns_of(source, values):
    """The text of one item in the index's four weighted columns."""
    texts = {weight: [] for weight in WEIGHTS}
    for field, weight in source.weighted_fields:
        if values.get(field):
            texts[weight].append(str(values[field]))
    return ["\n".join(texts[weight]) for weight in WEIGHTS]


def rows_of(source, queryset):
    fields = [field for field, _ in source.weighted_fields]
    for values in queryset.values("pk", *fields):
        yield [source.kind, values["pk"], *columns_of(source, values)]


def write(rows):
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {TABLE} VALUES (%s, %s, %s, %s, %s, %s)", rows)  # noqa: S608


def remove(kind, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE kind = %s AND object_id = %s", [kind, pk])  # noqa: S608


def source_for(model):
    return [source for source in registry.search_sources() if source.model is model]


def rows_of_instance(source, instance):
    fields = [field for field, _ in source.weighted_fields]
    if all(field in instance.__dict__ for field in fields):
        values = {field: instance.__dict__[field] for field in fields}
        return [[source.kind, instance.pk, *columns_of(source, values)]]
    # A save of some fields only, on an item loaded without the others.
    return list(rows_of(source, source.model._base_manager.filter(pk=instance.pk)))


def on_save(sender, instance, **kwargs):
    if not active():
        return
    for source in source_for(sender):
        remove(source.kind, instance.pk)
        write(rows_of_instance(source, instance))


def on_delete(sender, instance, **kwargs):
    if active():
        for source in source_for(sender):
            remove(source.kind, instance.pk)


def rebuild():
    """Indexes every item of every source afresh."""
    if not active() or TABLE not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
    for source in registry.search_sources():
        write(rows_of(source, source.model._base_manager.order_by()))


def rebuild_after_migrate(sender, using="default", **kwargs):
    rebuild()


def connect_search_index(sender):
    for source in registry.search_sources():
        post_save.connect(on_save, sender=source.model, weak=False)
        post_delete.connect(on_delete, sender=source.model, weak=False)
    # migrate and flush both send post_migrate: a flush empties the content tables
    # without a delete signal, which would leave the index answering for gone rows.
    post_migrate.connect(rebuild_after_migrate, sender=sender)
