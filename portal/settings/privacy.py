"""Personal data (UU 27/2022 Pelindungan Data Pribadi) and reliability knobs.

https://peraturan.bpk.go.id/Details/229798/uu-no-27-tahun-2022
"""

from .env import env

# Registrations rejected more than this many days ago lose the owner's personal data
# (name, NIK, phone, email, address); the business record and its audit trail stay.
REJECTED_REGISTRATION_RETENTION_DAYS = env.int("REJECTED_REGISTRATION_RETENTION_DAYS", default=365)
# A personal data export (ZIP) can be downloaded for this many days, then it is deleted.
PERSONAL_DATA_EXPORT_TTL_DAYS = env.int("PERSONAL_DATA_EXPORT_TTL_DAYS", default=7)
# A partner export whose worker gave no sign of life for this long is marked failed.
PARTNERS_EXPORT_STALE_SECONDS = env.int("PARTNERS_EXPORT_STALE_SECONDS", default=300)
# An owner's data export lists at most this many audit entries about them (the newest); the
# export's `access_log_summary` says how many there are in all.
PERSONAL_DATA_ACCESS_LOG_LIMIT = env.int("PERSONAL_DATA_ACCESS_LOG_LIMIT", default=10_000)
