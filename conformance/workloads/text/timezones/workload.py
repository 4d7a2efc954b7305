from datetime import datetime, timezone
from zoneinfo import ZoneInfo
t = datetime(2024, 7, 1, 12, 0, tzinfo=timezone.utc)
for z in ("Europe/Paris", "America/New_York", "Asia/Tokyo", "Australia/Lord_Howe"):
    print("@@", z, t.astimezone(ZoneInfo(z)).isoformat())
w = datetime(2024, 1, 1, 12, 0, tzinfo=timezone.utc)
print("@@ winter Paris", w.astimezone(ZoneInfo("Europe/Paris")).isoformat())
print("@@ done")
