"""pip-audit for CI: fail on a known vulnerability, never on the network alone.

pip-audit asks PyPI's JSON API about every installed package. When PyPI cannot be reached,
or a package's version is unknown there (a private mirror's build), that package is not
audited: this says so loudly, and only a vulnerability actually found fails the run.
"""

from __future__ import annotations

import json
import subprocess
import sys


def main() -> int:
    command = [
        sys.executable,
        "-m",
        "pip_audit",
        "--skip-editable",
        "--progress-spinner",
        "off",
        "--format",
        "json",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print("pip-audit: could not audit (PyPI unreachable?); NOT a pass, check by hand:")
        print(result.stderr.strip()[-2000:])
        return 0
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    for item in vulnerable:
        ids = ", ".join(v["id"] for v in item["vulns"])
        print(f"pip-audit: {item['name']} {item['version']} is vulnerable: {ids}")
    print(f"pip-audit: {audited} packages audited, {len(vulnerable)} vulnerable.")
    if skipped:
        names = ", ".join(sorted(d["name"] for d in skipped))
        print(f"pip-audit: WARNING {len(skipped)} packages NOT audited (not found on PyPI or")
        print(f"  PyPI unreachable; their versions are unknown to it): {names}")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
