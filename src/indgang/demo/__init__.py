"""The fictitious demo data behind ``indgang demo``: one module per app, loaded in order.

The top layer of the project: it may use any app's models and public face, and no app
imports it. ``order.DEMOS`` lists the modules in the order they build on each other; each
has ``is_loaded() -> bool`` and ``load(out: DemoOutput)``. Everything made is marked as
demo data on the record (``is_demo``) or made only on demo organisations and fictitious
companies.
"""
