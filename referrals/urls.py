from django.urls import path

from referrals import views

app_name = "referrals"
urlpatterns = [
    path("arenden/<case_number:case_number>/remittera/", views.refer, name="refer"),
    path("arenden/<case_number:case_number>/aterkalla/", views.withdraw_motion, name="withdraw_motion"),
    path("remisser/", views.inbox_page, name="inbox"),
    path("remisser/<id:referral_id>/", views.answer, name="answer"),
    path("remisser/<id:referral_id>/forlang/", views.extend, name="extend"),
    path("remisser/<id:referral_id>/aterkalla/", views.withdraw, name="withdraw"),
    path("remisser/<id:referral_id>/ratta/", views.correct, name="correct"),
    path("remisser/<id:referral_id>/angra/", views.undo, name="undo"),
    path("remisser/<id:referral_id>/ratta-svar/", views.correct_answer, name="correct_answer"),
]
