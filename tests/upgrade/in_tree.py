"""python in_tree.py SCRIPT [ARGS...]: run SCRIPT with the project importable only from
the tree on PYTHONPATH.

An editable install (`pip install -e .`) adds an import hook that serves the project's
packages from the checkout it was made in. A module missing from the tree being run
(an app's migrations package added since, say) would then come from that other checkout,
mixing two versions of the code. Without the hook, it is simply missing.
"""

import os
import runpy
import sys

sys.meta_path[:] = [
    finder
    for finder in sys.meta_path
    if not getattr(finder, "__module__", "").startswith("__editable__")
]
script, *arguments = sys.argv[1:]
sys.argv = [script, *arguments]
# As `python SCRIPT` would have it: the script's own directory first.
sys.path[0] = os.path.dirname(os.path.abspath(script))
runpy.run_path(script, run_name="__main__")
