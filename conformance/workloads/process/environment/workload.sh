echo "@@ home writable $( (touch "$HOME/.wl-env" && rm "$HOME/.wl-env") 2>/dev/null && echo yes || echo no)"
echo "@@ tmpdir writable $(f=$(mktemp) && rm "$f" && echo yes || echo no)"
echo "@@ whoami works $(whoami >/dev/null 2>&1 && echo yes || echo no)"
echo "@@ cwd writable $( (touch .wl-env && rm .wl-env) 2>/dev/null && echo yes || echo no)"
for t in sh python3 awk sed sort; do echo "@@ $t on PATH $(command -v $t >/dev/null && echo yes || echo no)"; done
echo "@@ done"
