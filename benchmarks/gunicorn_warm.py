"""gunicorn settings for the guide benchmark: build the guide's engine once in the master
(with --preload) so that every worker starts with it, as a production deployment would."""


def when_ready(server):
    from django.db import connections

    from indgang.guide.matching import ranker

    ranker()
    connections.close_all()
