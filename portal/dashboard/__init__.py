"""Dashboards: aggregate figures as charts with their numbers as tables and CSV.

`figures` holds the shape of a figure and the small-cell suppression every figure goes through;
`filters` the period/kecamatan/sector/size filter; `staff` assembles the DPMPTSP/Disperinkop
dashboard from each app's selectors; `views` serves it in the Wagtail admin. The bank's own
dashboard lives in financing (bank_views), the owner's chart in catalog (panels).
"""
