s='Grüße, café 東京'
echo "@@ bytes $(printf %s "$s" | wc -c | tr -d ' ') chars $(printf %s "$s" | LC_ALL=C.UTF-8 wc -m | tr -d ' ')"
echo "@@ sorted $(printf 'été\nzebra\napple\n' | LC_ALL=C.UTF-8 sort | tr '\n' ' ')"
echo "@@ done"
