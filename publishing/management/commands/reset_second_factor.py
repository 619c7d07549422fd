from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError

from publishing.second_factor import reset_second_factor


class Command(BaseCommand):
    help = (
        "Remove a staff user's passkeys, authenticator apps and recovery codes, when they "
        "have lost them: at their next sign-in they set up a new second factor. Make sure "
        "the request comes from the person before running it."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user {username!r}.")
        removed = reset_second_factor(user)
        self.stdout.write(
            f"Removed {removed} sign-in device(s) from {username}. They set up a new second "
            "factor at their next sign-in; any session of theirs must pass it again."
        )
