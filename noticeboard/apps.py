from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticeboardConfig(AppConfig):
    name = "noticeboard"
    verbose_name = _("Anslagstavla")

    def ready(self):
        from cases.demo import add_demo_step
        from noticeboard.demo import fill_notice_board

        # load_demo (in cases, below this app) fills the notice board too.
        add_demo_step(fill_notice_board)
