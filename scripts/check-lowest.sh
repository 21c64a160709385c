#!/usr/bin/env bash
# Install site-builder with the lowest versions pyproject.toml allows (constraints-lowest.txt)
# in a fresh virtual environment, then run the fast tests there. Exits non-zero when a lower
# bound is wrong (an install that fails, or a test that fails with the lowest versions).
#   bash scripts/check-lowest.sh [pytest arguments]   (default: -m "not slow and not browser")
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf .venv-lowest
python3 -m venv .venv-lowest
# shellcheck disable=SC1091
source .venv-lowest/bin/activate
python -m pip install --quiet --upgrade pip
pip install --progress-bar off -c constraints-lowest.txt -e ".[test]"
pip list --format=freeze > .venv-lowest/installed.txt
if [ "$#" -eq 0 ]; then set -- -m "not slow and not browser"; fi
python -m pytest -q -p no:cacheprovider "$@"
