mkdir -p wl-ln && echo target > wl-ln/t
ln -s t wl-ln/s
ln wl-ln/t wl-ln/h
echo "@@ readlink $(readlink wl-ln/s) via link $(cat wl-ln/s) links $(stat -c %h wl-ln/t)"
rm -r wl-ln
echo "@@ done"
