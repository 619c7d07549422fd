from django.conf import settings
from django.core.management import BaseCommand, call_command

from programs.models import Program
from publishing.history import record_first_versions

FIXTURES = settings.BASE_DIR / "fixtures"


def seed_fixtures():
    """seed.json first, then every other fixture of the folder in name order.

    One loaddata call for all of them: a fixture may point at rows of another, and
    foreign keys are checked once everything is in.
    """
    others = sorted(path for path in FIXTURES.glob("*.json") if path.name != "seed.json")
    return [FIXTURES / "seed.json", *others]


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
        call_command("loaddata", *seed_fixtures(), verbosity=options["verbosity"])
        # Fixtures load raw, past history: record where every item started, so that
        # any later change to seeded content can be undone.
        record_first_versions()
