#!/usr/bin/env bash
# From a fresh machine to a tested checkout: the system packages the tests need (a CJK font to
# render samples, LibreOffice for .doc, PostgreSQL for the registry tests, chromium for the
# browser test), the project with its
# dev dependencies, lint, types, the import contract and the whole test suite. Extra arguments go to pytest
# (e.g. -m "not slow" for a quick run without OCR and LibreOffice).
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
fc-list 2>/dev/null | grep -qi "wqy" || need+=(fonts-wqy-microhei)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)  # the browser test drives Debian's chromium
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
python3 -m pip install -q -e ".[dev]"
ruff check .
ruff format --check .
mypy
lint-imports  # the layers: settings -> models -> extractors -> pipeline -> flows -> web -> cli (pyproject.toml)
python3 -m pytest "$@"
