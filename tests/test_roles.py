"""Editors write drafts; only publishers publish, unpublish or delete public content.

Every route is checked on the server: change form, list actions, delete views,
inlines, and POSTs crafted to look like a publisher's.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from budget.models import Budget, BudgetItem
from grants.models import Grantee
from publishing.models import SiteAlert

from .conftest import (
    PUBLISH_CONFIRMED,
    admin_form_data,
    make_budget,
    make_budget_item,
    make_grantee,
)

pytestmark = pytest.mark.django_db


def change_url(item):
    return reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_change", args=[item.pk])


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def delete_url(item):
    return reverse(f"admin:{item._meta.app_label}_{item._meta.model_name}_delete", args=[item.pk])


def test_roles_migration_creates_both_groups_with_distinct_rights():
    editor = Group.objects.get(name="Editor")
    publisher = Group.objects.get(name="Publisher")
    editor_perms = set(editor.permissions.values_list("codename", flat=True))
    publisher_perms = set(publisher.permissions.values_list("codename", flat=True))
    assert {"add_program", "change_grantee", "delete_budgetitem"} <= editor_perms
    assert "publish" not in editor_perms
    assert "change_sitealert" not in editor_perms
    assert {"publish", "change_sitealert"} <= publisher_perms
    assert editor_perms < publisher_perms


def add_grantee_post(client, **extra):
    response = client.get(reverse("admin:grants_grantee_add"))
    data = admin_form_data(response)
    data.update(name="New Group", slug="new-group", description="Works locally.")
    data.update(extra)
    return client.post(reverse("admin:grants_grantee_add"), data)


def test_an_editors_new_item_is_a_draft_even_when_the_post_says_published(editor_client):
    response = add_grantee_post(
        editor_client, status="published", published_at_0="2020-01-01", published_at_1="09:00"
    )
    assert response.status_code == 302
    grantee = Grantee.objects.get(slug="new-group")
    assert grantee.status == "draft"
    assert grantee.published_at is None


def test_a_publishers_new_item_can_be_published(publisher_client):
    add_grantee_post(publisher_client, status="published")
    assert Grantee.objects.get(slug="new-group").is_live()


def test_an_editor_cannot_publish_through_the_change_form(editor_client):
    grantee = make_grantee(status="draft")
    data = admin_form_data(editor_client.get(change_url(grantee)))
    assert "status" not in data  # read-only for editors
    data.update(status="published", name="Renamed by editor")
    assert editor_client.post(change_url(grantee), data).status_code == 302
    grantee.refresh_from_db()
    assert grantee.name == "Renamed by editor"  # the edit itself is saved, as a draft
    assert grantee.status == "draft"


def test_an_editor_cannot_unpublish_through_the_change_form(editor_client):
    grantee = make_grantee()
    data = admin_form_data(editor_client.get(change_url(grantee)))
    data.update(status="draft", expires_at_0="2099-01-01", expires_at_1="00:00")
    editor_client.post(change_url(grantee), data)
    grantee.refresh_from_db()
    assert grantee.is_live()
    assert grantee.expires_at is None


def run_action(client, model, action, items):
    return client.post(
        changelist_url(model),
        {"action": action, "_selected_action": [item.pk for item in items], **PUBLISH_CONFIRMED},
    )


def test_list_actions_publish_and_unpublish_are_refused_to_editors(editor_client):
    draft, live = make_grantee(status="draft"), make_grantee()
    page = editor_client.get(changelist_url(Grantee))
    assert b"publish" not in page.content.split(b'name="action"')[1].split(b"</select>")[0]
    run_action(editor_client, Grantee, "publish", [draft])
    run_action(editor_client, Grantee, "unpublish", [live])
    draft.refresh_from_db()
    live.refresh_from_db()
    assert draft.status == "draft"
    assert live.is_live()


def test_list_actions_publish_and_unpublish_work_for_publishers(publisher_client):
    draft, live = make_grantee(status="draft"), make_grantee()
    run_action(publisher_client, Grantee, "publish", [draft])
    run_action(publisher_client, Grantee, "unpublish", [live])
    draft.refresh_from_db()
    live.refresh_from_db()
    assert draft.is_live()
    assert live.status == "draft"


def test_an_editor_cannot_delete_published_content_by_any_route(editor_client):
    live = make_grantee()
    assert editor_client.get(delete_url(live)).status_code == 403
    assert editor_client.post(delete_url(live), {"post": "yes"}).status_code == 403
    response = run_action(editor_client, Grantee, "delete_selected", [live])
    assert response.status_code == 200  # the confirmation page, listing the missing right
    confirmed = editor_client.post(
        changelist_url(Grantee),
        {"action": "delete_selected", "_selected_action": [live.pk], "post": "yes"},
    )
    assert confirmed.status_code == 403
    assert Grantee.objects.filter(pk=live.pk).exists()


def test_an_editor_cannot_delete_an_unpublished_item_that_was_once_public(editor_client):
    once_public = make_grantee()
    once_public.status = "draft"
    once_public.save()
    assert editor_client.post(delete_url(once_public), {"post": "yes"}).status_code == 403


def test_an_editor_may_delete_a_draft_that_was_never_public(editor_client):
    draft = make_grantee(status="draft")
    assert editor_client.post(delete_url(draft), {"post": "yes"}).status_code == 302
    assert not Grantee.objects.filter(pk=draft.pk).exists()


def test_a_publisher_may_delete_published_content(publisher_client):
    live = make_grantee()
    assert publisher_client.post(delete_url(live), {"post": "yes"}).status_code == 302
    assert not Grantee.objects.filter(pk=live.pk).exists()


def test_an_editor_cannot_publish_or_delete_through_an_inline(editor_client):
    # A draft budget, so the editor's save is applied rather than held for review.
    budget = make_budget(status="draft")
    draft_item = make_budget_item(budget, status="draft")
    live_item = make_budget_item(budget)
    data = admin_form_data(editor_client.get(change_url(budget)))
    for index in range(2):
        data[f"items-{index}-status"] = "published"
        data[f"items-{index}-DELETE"] = "on"
    assert editor_client.post(change_url(budget), data).status_code == 302
    draft_item.refresh_from_db()
    assert draft_item.status == "draft"
    assert BudgetItem.objects.filter(pk=live_item.pk).exists()


def test_only_publishers_manage_the_site_alert(editor_client, client, publisher):
    add = reverse("admin:publishing_sitealert_add")
    assert editor_client.get(add).status_code == 403
    assert editor_client.post(add, {"message": "x", "severity": "info"}).status_code == 403
    client.force_login(publisher, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(add).status_code == 200
    assert not SiteAlert.objects.exists()


def test_create_staff_user_command_puts_the_user_in_one_role(monkeypatch):
    monkeypatch.setenv("STAFF_USER_PASSWORD", "a-long-test-password-9")
    call_command("create_staff_user", "alice", role="editor", no_input=True, stdout=None)
    call_command("create_staff_user", "alice", role="publisher", no_input=True)
    from django.contrib.auth.models import User

    alice = User.objects.get(username="alice")
    assert alice.is_staff and not alice.is_superuser
    assert list(alice.groups.values_list("name", flat=True)) == ["Publisher"]
    assert alice.check_password("a-long-test-password-9")
    assert alice.has_perm("publishing.publish")


@pytest.mark.parametrize("password", ["short", "password12345", "alice-the-editor"])
def test_create_staff_user_creates_nothing_when_the_password_is_refused(monkeypatch, password):
    monkeypatch.setenv("STAFF_USER_PASSWORD", password)
    with pytest.raises(CommandError):
        call_command("create_staff_user", "alice-the-editor", role="editor", no_input=True)
    assert not get_user_model().objects.filter(username="alice-the-editor").exists()


def test_create_staff_user_leaves_an_existing_user_as_it_was_when_refused(monkeypatch):
    monkeypatch.setenv("STAFF_USER_PASSWORD", "a-long-test-password-9")
    call_command("create_staff_user", "alice", role="editor", no_input=True)
    monkeypatch.setenv("STAFF_USER_PASSWORD", "short")
    with pytest.raises(CommandError):
        call_command("create_staff_user", "alice", role="publisher", no_input=True)
    alice = get_user_model().objects.get(username="alice")
    assert list(alice.groups.values_list("name", flat=True)) == ["Editor"]
    assert alice.check_password("a-long-test-password-9")


def test_budget_model_is_covered_by_the_roles():
    assert Group.objects.get(name="Editor").permissions.filter(
        codename=f"change_{Budget._meta.model_name}"
    )


def change_form_action(client, item, action):
    return client.post(
        change_url(item),
        {"CHANGE_FORM-action": action, "_selected_action": [item.pk], **PUBLISH_CONFIRMED},
    )


def test_change_form_actions_publish_for_publishers_only(editor_client, client, publisher):
    draft = make_grantee(status="draft")
    assert "Publish now" not in editor_client.get(change_url(draft)).content.decode()
    change_form_action(editor_client, draft, "publish")
    draft.refresh_from_db()
    assert draft.status == "draft"

    client.force_login(publisher, backend="django.contrib.auth.backends.ModelBackend")
    assert "Publish now" in client.get(change_url(draft)).content.decode()
    change_form_action(client, draft, "publish")
    draft.refresh_from_db()
    assert draft.is_live()
    change_form_action(client, draft, "unpublish")
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_roles_come_back_after_every_migrate_with_every_content_permission(db):
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    Group.objects.filter(name__in=["Editor", "Publisher"]).delete()
    call_command("migrate", verbosity=0)
    publisher = Group.objects.get(name="Publisher")
    assert publisher.permissions.filter(codename="change_grantee").exists()
    assert publisher.permissions.filter(codename="publish").exists()
    assert not Group.objects.get(name="Editor").permissions.filter(codename="publish").exists()


def test_every_app_with_publishable_content_is_covered_by_the_roles():
    from portal.caching import publishable_models
    from publishing.registry import content_app_labels

    apps_with_content = {model._meta.app_label for model in publishable_models()}
    assert apps_with_content == set(content_app_labels())
