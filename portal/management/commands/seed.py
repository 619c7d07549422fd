from django.conf import settings
from django.core.management import BaseCommand, call_command

from programs.models import Program
from publishing.history import record_first_versions

SEED_FIXTURE = settings.BASE_DIR / "fixtures" / "seed.json"


class Command(BaseCommand):
    help = "Load the seed content, unless the site already has content (then --force reloads it)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Reload the seed even if content exists, overwriting seeded records.",
        )

    def handle(self, *args, force=False, **options):
        # Running `make run` again must never overwrite what staff have edited.
        if Program.objects.exists() and not force:
            self.stdout.write("Content already present; seed not loaded (use --force to reload).")
            return
        call_command("loaddata", SEED_FIXTURE, verbosity=options["verbosity"])
        # Fixtures load raw, past history: record where every item started, so that
        # any later change to seeded content can be undone.
        record_first_versions()
