# setuid: become root through a setuid-root program (sudo -n, else su); the
# root shell lives 0.3 s so the runner sees it.
if (nzchar(Sys.which("sudo"))) {
  system("sudo -n sh -c 'id; sleep 0.3' 2>&1")
} else {
  system("su root -c 'id; sleep 0.3' < /dev/null 2>&1")
}
