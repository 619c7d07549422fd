import os
from getpass import getpass

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError
from django.db import transaction

from publishing.second_factor import SecretKeyError, enrol_authenticator_app, parse_secret_key

ROLES = {"editor": "Editor", "publisher": "Publisher"}


class Command(BaseCommand):
    help = (
        "Create a staff user (or update an existing one) in the Editor or Publisher role. "
        "The password is asked for, or read from STAFF_USER_PASSWORD when --no-input is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--email", default="")
        parser.add_argument("--no-input", action="store_true", dest="no_input")
        parser.add_argument(
            "--totp-secret",
            dest="totp_secret",
            metavar="BASE32",
            help="Enrol an authenticator app with this base32 secret (replacing any the "
            "user had), so the account's second factor is ready at first sign-in.",
        )

    def handle(self, username, role, email, no_input, totp_secret=None, **options):
        group = self.role_group(role)
        # Everything that can refuse comes before the first write, and the writes are one
        # transaction: a refused password or secret leaves no half-made account behind.
        secret = self.read_secret(totp_secret)
        password = self.read_password(no_input)
        user = get_user_model().objects.filter(username=username).first()
        created = user is None
        if created:
            user = get_user_model()(username=username, email=email)
        if password:
            validated(password, user)
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        user.is_staff = True
        with transaction.atomic():
            user.save()
            # One role at a time, so a demoted publisher loses the right to publish.
            user.groups.remove(*Group.objects.filter(name__in=ROLES.values()))
            user.groups.add(group)
            if secret is not None:
                enrol_authenticator_app(user, secret)
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} staff user {username} as {group.name}.")
        if secret is not None:
            self.stdout.write(f"Enrolled an authenticator app for {username}.")
        if not password and created:
            self.stdout.write(f"Set a password with: manage.py changepassword {username}")

    def role_group(self, role):
        try:
            return Group.objects.get(name=ROLES[role])
        except Group.DoesNotExist as missing:
            raise CommandError("The roles are missing: run `manage.py migrate` first.") from missing

    def read_secret(self, totp_secret):
        if totp_secret is None:
            return None
        try:
            return parse_secret_key(totp_secret)
        except SecretKeyError as error:
            raise CommandError(f"--totp-secret: {error}") from error

    def read_password(self, no_input):
        if no_input:
            return os.environ.get("STAFF_USER_PASSWORD", "")
        password = getpass("Password: ")
        if password != getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return password


def validated(password, user):
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from error
