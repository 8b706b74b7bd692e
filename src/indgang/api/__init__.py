"""The REST API: one NinjaAPI assembled from the routers in each apps api.py."""
