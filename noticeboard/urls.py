from django.urls import path

from noticeboard import views
from noticeboard.feeds import NoticeBoardFeed

app_name = "noticeboard"
urlpatterns = [
    path("anslagstavla/", views.choose, name="choose"),
    path("anslagstavla/<id:municipality_id>/", views.board, name="board"),
    path("anslagstavla/<id:municipality_id>/arkiv/", views.archive_page, name="archive"),
    path("anslagstavla/<id:municipality_id>/atom/", NoticeBoardFeed(), name="feed"),
    # The registry's notices.
    path("anslagstavla/<id:municipality_id>/anslag/", views.notices, name="notices"),
    path("anslagstavla/<id:municipality_id>/anslag/nytt/", views.add, name="add"),
    path("anslagstavla/anslag/<id:notice_id>/", views.notice, name="notice"),
    path("anslagstavla/anslag/<id:notice_id>/anslag.pdf", views.notice_file, name="notice_file"),
    path("anslagstavla/anslag/<id:notice_id>/ratta/", views.correct, name="correct"),
    path("anslagstavla/anslag/<id:notice_id>/ta-ned/", views.take_down, name="take_down"),
]
