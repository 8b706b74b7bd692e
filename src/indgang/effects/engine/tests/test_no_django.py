"""The engine runs without Django: importing it must not import Django."""

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[4]


def test_engine_imports_without_django():
    code = (
        "import sys; import indgang.effects.engine; "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
