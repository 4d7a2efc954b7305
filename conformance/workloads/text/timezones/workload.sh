for z in Europe/Paris America/New_York Asia/Tokyo; do
	echo "@@ $z $(TZ=$z date -d @1719835200 '+%Y-%m-%d %H:%M %Z')"
done
echo "@@ done"
