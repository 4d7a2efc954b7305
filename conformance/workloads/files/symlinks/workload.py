import os, shutil
os.makedirs("wl-lnp", exist_ok=True)
open("wl-lnp/t", "w").write("target\n")
os.symlink("t", "wl-lnp/s")
os.link("wl-lnp/t", "wl-lnp/h")
print("@@ readlink", os.readlink("wl-lnp/s"), "via link", open("wl-lnp/s").read().strip(), "links", os.stat("wl-lnp/t").st_nlink)
shutil.rmtree("wl-lnp")
print("@@ done")
