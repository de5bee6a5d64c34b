#!/usr/bin/env python3
"""Index the Fafo report's sections, tables and figures by line, so pages can cite the report as
readers know it ("Fafo-rapport 2018:46, tabell 5.4") instead of by line ("L3967").

Usage: tools/report_anchors.py [path/to/fafo-rapport-2018-46.txt] → core/data/fafo_2018_46_anchors.json
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent.parent / "shared" / "seed" / "fafo-rapport-2018-46.txt"
SECTION = re.compile(r"^(\d\.\d{1,2}) ([A-ZÆØÅ][^.]{2,80}?)\s*$")
CAPTION = re.compile(r"^(Tabell|Figur) (\d\.\d{1,2}) ([A-ZÆØÅ].*)$")


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    anchors = []
    for number, line in enumerate(source.read_text("utf-8").splitlines(), start=1):
        line = line.strip()
        if m := CAPTION.match(line):
            if not re.match(r"^(Tabell|Figur) \d\.\d{1,2} viser", line):
                anchors.append([number, m.group(1).lower(), m.group(2), m.group(3)[:80].strip()])
        elif m := SECTION.match(line):
            anchors.append([number, "avsnitt", m.group(1), m.group(2).strip()])
    target = ROOT / "core" / "data" / "fafo_2018_46_anchors.json"
    rows = ",\n".join(json.dumps(a, ensure_ascii=False) for a in anchors)
    target.write_text(f"[\n{rows}\n]\n", "utf-8")
    print(f"{len(anchors)} anchors → {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
