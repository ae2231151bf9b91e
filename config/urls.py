from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Diplomatic Meetings Archive — editors"
admin.site.site_title = "Meetings archive admin"
admin.site.index_title = "Curate the archive"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("meetings.api.urls")),
    path("", include("meetings.urls")),
]

# A database that cannot answer is a 503 with Retry-After, never a 500 (meetings/errors.py).
handler500 = "meetings.errors.server_error"
