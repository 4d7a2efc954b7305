head -c 20971520 /dev/zero > wl-big.bin
echo "@@ size $(wc -c < wl-big.bin | tr -d ' ') sha256 $(sha256sum < wl-big.bin | cut -c1-16)"
rm -f wl-big.bin
echo "@@ done"
