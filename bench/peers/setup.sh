#!/usr/bin/env bash
# Creates the Python virtual environment of the peer engines and installs them from PyPI at the
# versions pinned in requirements.txt. Rerunnable: an existing environment is brought to the pins.
# Where: $RUSTYBT_PEERS_HOME/venv (default ~/.cache/rustybt-peers/venv), outside the clone so
# that the project's linters never walk it. Python: PEERS_PYTHON if set, else python3.12
# (pyenv's or the system's).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${RUSTYBT_PEERS_HOME:-$HOME/.cache/rustybt-peers}/venv"

python="${PEERS_PYTHON:-}"
if [[ -z "$python" ]]; then
  if command -v pyenv >/dev/null && pyenv prefix 3.12 >/dev/null 2>&1; then
    python="$(pyenv prefix 3.12)/bin/python3.12"
  else
    python="$(command -v python3.12 || true)"
  fi
fi
if [[ -z "$python" || ! -x "$python" ]]; then
  echo "setup.sh: no Python 3.12 found: install it (pyenv install 3.12) or set PEERS_PYTHON=/path/to/python3.12" >&2
  exit 1
fi

"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -r "$here/requirements.txt"
"$venv/bin/python" - <<'PY'
from importlib.metadata import version
for name in ("backtrader", "backtesting", "zipline-reloaded", "nautilus_trader", "pandas", "numpy"):
    print(f"{name} {version(name)}")
PY
echo "peers installed in $venv; run: $venv/bin/python bench/peers/run.py"
