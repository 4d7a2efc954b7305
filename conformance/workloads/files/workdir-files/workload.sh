mkdir -p wl-wd/sub
echo alpha > wl-wd/sub/a.txt
mv wl-wd/sub/a.txt wl-wd/sub/b.txt
echo beta >> wl-wd/sub/b.txt
echo "@@ content $(tr '\n' ' ' < wl-wd/sub/b.txt)"
echo "@@ lines $(wc -l < wl-wd/sub/b.txt | tr -d ' ')"
rm -r wl-wd
echo "@@ done"
