"""Write resources/screenshots/summary-page1.png: page 1 of the 90-day summary of a demo log.

Runs the real command on an invented, labelled demo log (400 days ending on a
fixed date, so the picture only changes when the summary does), then turns
page 1 into a PNG with poppler's pdftoppm. Usage: python packaging/make_report_screenshot.py
"""

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "resources" / "screenshots" / "summary-page1.png"
LAST_DAY = dt.date(2026, 11, 20)


def main() -> int:
    if shutil.which("pdftoppm") is None:
        print("pdftoppm (poppler-utils) is needed to turn the PDF into a picture", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="kt-screenshot-") as temp:
        temp = Path(temp)
        command = [sys.executable, "-m", "kratomtrack", "--data-dir", str(temp / "data")]
        subprocess.run([*command, "demo", "--days", "400", "--today", LAST_DAY.isoformat()],
                       check=True, cwd=ROOT, capture_output=True)
        pdf = temp / "summary.pdf"
        start = LAST_DAY - dt.timedelta(days=89)
        subprocess.run([*command, "report", "--from", start.isoformat(), "--to", LAST_DAY.isoformat(),
                        "--name", "Demo Patient", "--paper", "a4", "-o", str(pdf)],
                       check=True, cwd=ROOT, capture_output=True)
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(TARGET.with_suffix(""))], check=True)
    print(f"Wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
