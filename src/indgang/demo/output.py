"""What the demo modules report to ``indgang demo``: lines to print and the demo logins."""

import secrets
from dataclasses import dataclass, field


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
