"""Run every benchmark script in this folder; each prints 'name: value unit (target …)'."""

import subprocess
import sys
from pathlib import Path

here = Path(__file__).parent
status = 0
for script in sorted(here.glob("bench_*.py")):
    result = subprocess.run([sys.executable, str(script)], cwd=here.parent)
    status |= result.returncode
sys.exit(status)
