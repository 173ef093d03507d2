"""Run every benchmark script in this folder; each prints 'name: value unit (target …)'.

The app's modules are compiled first, and every script may read and keep
compiled bytecode, as an installed app has it (pip compiles on install): a
figure measured inside a script's own process, such as History's first
opening, would otherwise include compiling the page's modules.
"""

import compileall
import os
import subprocess
import sys
from pathlib import Path

here = Path(__file__).parent
env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
compileall.compile_dir(here.parent / "kratomtrack", quiet=1)
status = 0
for script in sorted(here.glob("bench_*.py")):
    result = subprocess.run([sys.executable, str(script)], cwd=here.parent, env=env)
    status |= result.returncode
sys.exit(status)
