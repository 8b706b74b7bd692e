"""What other apps may use of ``privacy``: nothing yet; its pages and the retention command
are its whole face."""

__all__: list[str] = []
