from django.urls import path

from wsr.audits.views import audits, cap, remediation

app_name = "audits"

urlpatterns = [
    path("public/<str:facility_id>/", remediation.public_facility, name="public_facility"),
    path("<slug:slug>/", audits.home, name="home"),
    path("<slug:slug>/roster/", audits.roster, name="roster"),
    path("<slug:slug>/roster/new/", audits.roster_new, name="roster_new"),
    path("<slug:slug>/roster/<str:entry_id>/decide/", audits.roster_decide, name="roster_decide"),
    path("<slug:slug>/ties/", audits.ties, name="ties"),
    path("<slug:slug>/ties/new/", audits.tie_new, name="tie_new"),
    path("<slug:slug>/audits/", audits.audit_list, name="audit_list"),
    path("<slug:slug>/audits/new/", audits.audit_new, name="audit_new"),
    path("<slug:slug>/audits/<str:audit_id>/", audits.audit_detail, name="audit"),
    path("<slug:slug>/audits/<str:audit_id>/assign/", audits.audit_assign, name="audit_assign"),
    path("<slug:slug>/audits/<str:audit_id>/start/", audits.audit_start, name="audit_start"),
    path("<slug:slug>/audits/<str:audit_id>/fieldwork/", audits.audit_fieldwork, name="audit_fieldwork"),
    path("<slug:slug>/audits/<str:audit_id>/complete/", audits.audit_complete, name="audit_complete"),
    path("<slug:slug>/audits/<str:audit_id>/cancel/", audits.audit_cancel, name="audit_cancel"),
    path("<slug:slug>/audits/<str:audit_id>/findings/new/", audits.finding_new_for_audit, name="audit_finding_new"),
    path("<slug:slug>/findings/new/", audits.finding_new, name="finding_new"),
    path("<slug:slug>/findings/<str:finding_id>/", audits.finding_detail, name="finding"),
    path("<slug:slug>/findings/<str:finding_id>/evidence/", audits.finding_evidence, name="finding_evidence"),
    path("<slug:slug>/findings/<str:finding_id>/cap/new/", cap.cap_new, name="cap_new"),
    path("<slug:slug>/cap/", cap.cap_list, name="cap_list"),
    path("<slug:slug>/cap/export.csv", cap.cap_export, name="cap_export"),
    path("<slug:slug>/cap/<str:cap_id>/", cap.cap_detail, name="cap"),
    path("<slug:slug>/cap/<str:cap_id>/edit/", cap.cap_edit, name="cap_edit"),
    path("<slug:slug>/cap/<str:cap_id>/agree/", cap.cap_agree, name="cap_agree"),
    path("<slug:slug>/cap/<str:cap_id>/start/", cap.cap_start, name="cap_start"),
    path("<slug:slug>/cap/<str:cap_id>/report/", cap.cap_report, name="cap_report"),
    path("<slug:slug>/cap/<str:cap_id>/verify/", cap.cap_verify, name="cap_verify"),
    path("<slug:slug>/cap/<str:cap_id>/reopen/", cap.cap_reopen, name="cap_reopen"),
    path("<slug:slug>/evidence/<str:evidence_id>/", cap.evidence_download, name="evidence"),
    path("<slug:slug>/facilities/<str:facility_id>/", remediation.facility_remediation, name="facility"),
    path("<slug:slug>/scorecards/", remediation.scorecard_list, name="scorecards"),
    path("<slug:slug>/scorecards/<str:facility_id>/", remediation.scorecard, name="scorecard"),
]
