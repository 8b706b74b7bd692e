"""The demo-data framework behind ``indgang demo``.

Each app may have a ``demo.py`` with ``is_loaded() -> bool`` and ``load(out: DemoOutput)``.
The command calls them in the order of INSTALLED_APPS and loads what is missing, so a
later app extends the demo without touching the others. Everything made is marked as demo
data on the record (``is_demo``).
"""

import secrets
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps


@dataclass
class DemoLogin:
    email: str
    password: str
    description: str


@dataclass
class DemoOutput:
    logins: list[DemoLogin] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def login(self, email: str, password: str, description: str) -> None:
        self.logins.append(DemoLogin(email, password, description))

    def say(self, line: str) -> None:
        self.lines.append(line)


def new_password() -> str:
    return secrets.token_urlsafe(9)


def demo_modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("indgang.") or config.name == "indgang.core":
            continue
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        yield config.label, module
