app_name = "effects"
urlpatterns: list = []
