#!/usr/bin/env python3
"""Refresh static/vendor from the npm packages pinned in package.json.

Aksel's bundled CSS loads Source Sans 3 from NAV's CDN; we strip those @font-face rules and serve
the font ourselves from @fontsource/source-sans-3, so the application loads nothing from outside.
"""

import json
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor"
FONT_WEIGHTS = ("400", "600", "700")
FONT_SUBSETS = ("latin", "latin-ext")


def npm_pack(spec: str, into: Path) -> Path:
    out = subprocess.run(
        ["npm", "pack", spec, "--silent"], cwd=into, check=True, capture_output=True, text=True
    )
    tarball = into / out.stdout.strip().splitlines()[-1]
    target = into / tarball.stem
    with tarfile.open(tarball) as archive:
        archive.extractall(target, filter="data")
    return target / "package"


def main() -> None:
    deps = json.loads((ROOT / "package.json").read_text())["dependencies"]
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        aksel = npm_pack(f"@navikt/ds-css@{deps['@navikt/ds-css']}", tmpdir)
        fonts = npm_pack(f"@fontsource/source-sans-3@{deps['@fontsource/source-sans-3']}", tmpdir)
        htmx = npm_pack(f"htmx.org@{deps['htmx.org']}", tmpdir)
        autocomplete = npm_pack(f"accessible-autocomplete@{deps['accessible-autocomplete']}", tmpdir)
        chartjs = npm_pack(f"chart.js@{deps['chart.js']}", tmpdir)

        shutil.rmtree(VENDOR, ignore_errors=True)
        (VENDOR / "aksel").mkdir(parents=True)
        css = (aksel / "dist" / "index.min.css").read_text("utf-8")
        css, removed = re.subn(r"@font-face\{[^}]*cdn\.nav\.no[^}]*\}", "", css)
        if "cdn.nav.no" in css:
            raise SystemExit("Aksel CSS still references the CDN; update tools/vendor_frontend.py")
        (VENDOR / "aksel" / "ds-css.min.css").write_text(css, "utf-8")
        (VENDOR / "aksel" / "LICENSE.txt").write_text(
            f"@navikt/ds-css {deps['@navikt/ds-css']} — MIT licence (package.json 'license').\n"
            "Copyright (c) NAV (Arbeids- og velferdsdirektoratet). https://aksel.nav.no\n"
            f"Vendored by tools/vendor_frontend.py; {removed} @font-face rules pointing at NAV's CDN removed.\n",
            "utf-8",
        )

        font_dir = VENDOR / "source-sans-3"
        (font_dir / "files").mkdir(parents=True)
        faces = []
        for subset in FONT_SUBSETS:
            for weight in FONT_WEIGHTS:
                css_file = (fonts / f"{subset}-{weight}.css").read_text("utf-8")
                name = f"source-sans-3-{subset}-{weight}-normal.woff2"
                shutil.copy(fonts / "files" / name, font_dir / "files" / name)
                # Keep only the woff2 source: every browser NAV supports reads it.
                faces.append(re.sub(r",\s*url\([^)]*\.woff\) format\('woff'\)", "", css_file))
        (font_dir / "source-sans-3.css").write_text("\n".join(faces), "utf-8")
        shutil.copy(fonts / "LICENSE", font_dir / "LICENSE")

        (VENDOR / "htmx").mkdir()
        shutil.copy(htmx / "dist" / "htmx.min.js", VENDOR / "htmx" / "htmx.min.js")
        shutil.copy(htmx / "LICENSE", VENDOR / "htmx" / "LICENSE")

        # GOV.UK's accessible-autocomplete: the picker that enhances long selects (static/js/app.js).
        picker_dir = VENDOR / "accessible-autocomplete"
        picker_dir.mkdir()
        for name in ("accessible-autocomplete.min.js", "accessible-autocomplete.min.css"):
            shutil.copy(autocomplete / "dist" / name, picker_dir / name)
        shutil.copy(autocomplete / "LICENSE.txt", picker_dir / "LICENSE.txt")

        # Chart.js: the dashboards' charts (static/js/dashboards.js draws them from the tables).
        chart_dir = VENDOR / "chartjs"
        chart_dir.mkdir()
        shutil.copy(chartjs / "dist" / "chart.umd.min.js", chart_dir / "chart.umd.min.js")
        shutil.copy(chartjs / "LICENSE.md", chart_dir / "LICENSE.md")
    print(f"Vendored into {VENDOR.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
