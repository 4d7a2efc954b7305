#!/bin/sh
# layers.sh - includes run one way (README, "Layout").  The table below is
# the rule: each layer's own folders and the folders below it that it may
# include.  The Makefile's include paths for each layer are checked against
# it, three ways:
#
#  1. its include paths: every -I folder the Makefile gives the layer is
#     its own or one the table lets it include;
#  2. what its files include: the compiler resolves every include of every
#     .c and .h of the layer with those paths (-MM), and each header found
#     must be in a folder the table allows.  This also catches an include
#     that climbs out with "../", which no include path stops;
#  3. what it could include: a probe including each header of every other
#     folder, by the name a file would use, must fail to compile with the
#     layer's paths; a control probe including a header the layer may use
#     must compile, so a broken compiler cannot pass for a sound layering.
#
# usage: ci/layers.sh WORKDIR 'NAME|FLAGS' ...
#   FLAGS: the -I options the Makefile gives layer NAME.  Every layer of
#   the table must be given.  CC, and LAYERS_CPPFLAGS (-D options,
#   pkg-config's -I), from the environment.  Exit 1 on any violation,
#   listing each.
set -eu
cd "$(dirname "$0")/.."

# NAME | ITS OWN FOLDERS | THE FOLDERS BELOW IT IT MAY INCLUDE | A HEADER IT
# INCLUDES (the control probe).  attacks/*/* are the attacks' folders.
RULES='
library           | lib/src lib/src/harness       | lib/include                                                | internal.h
runtimes          | lib/runtimes                  | lib/src                                                    | init_abi.h
library-tests     | lib/tests                     | lib/include lib/src lib/src/harness lib/tests/common       | support.h
tests-common      | lib/tests/common              | lib/include                                                | common.h
conformance       | conformance conformance/include | lib/include lib/src/harness                              | securer_harness.h
conformance-tests | conformance/tests             | lib/include conformance conformance/include lib/tests/common | model.h
bench             | bench bench/include           | lib/include lib/src/harness                                | securer_harness.h
cli               | lib/cli                       | lib/include conformance/include bench/include              | securer_bench.h
cli-tests         | lib/cli/tests                 | lib/include lib/cli conformance/include bench/include lib/tests/common | mcp.h
attacks           | attacks/lib attacks/*/*       |                                                            | targets.h
soak              | bench/soak                    | lib/include                                                | soak.h
r-glue            | lib/r/src                     | lib/include                                                | glue.h
'

work=$1
shift
cc=${CC:-cc}
extra=${LAYERS_CPPFLAGS:-}
top=$(pwd)
mkdir -p "$work"
status=0
layers=0

# The table's field |$2| of layer |$1|, globs expanded.
rule() {
	printf '%s\n' "$RULES" | awk -F'|' -v n="$1" -v f="$2" '
		{ gsub(/^ +| +$/, "", $1) }
		$1 == n { print $f }' | {
		read -r v || true
		# shellcheck disable=SC2086
		for d in $v; do [ -e "$d" ] && printf '%s\n' "$d"; done
	}
}

# The folders named by -I options, one a line.
inc_dirs() {
	for f in $1; do
		case $f in -I*) printf '%s\n' "${f#-I}" ;; esac
	done
}

# The -I options made absolute: the probes compile in WORKDIR.
abs_flags() {
	for f in $1; do
		case $f in
		-I/*) printf '%s\n' "$f" ;;
		-I*) printf '%s\n' "-I$top/${f#-I}" ;;
		*) printf '%s\n' "$f" ;;
		esac
	done
}

names=$(printf '%s\n' "$RULES" | awk -F'|' 'NF > 1 { gsub(/ /, "", $1); print $1 }')
given=$(for spec in "$@"; do printf '%s\n' "${spec%%|*}"; done)
for n in $names; do
	if ! printf '%s\n' "$given" | grep -qxF "$n"; then
		echo "layers: the Makefile does not give layer $n's include paths"
		status=1
	fi
done

# Every header of every folder of the table.
all_headers=$(for n in $names; do rule "$n" 2; rule "$n" 3; done | sort -u |
	while read -r d; do ls "$d"/*.h 2>/dev/null || true; done)

for spec in "$@"; do
	name=${spec%%|*}
	flags=${spec#*|}
	own=$(rule "$name" 2)
	if [ -z "$own" ]; then
		echo "layers: no rule for layer '$name' in ci/layers.sh"
		status=1
		continue
	fi
	layers=$((layers + 1))
	allowed=$( (printf '%s\n' "$own"; rule "$name" 3) | sort -u)
	control=$(printf '%s\n' "$RULES" | awk -F'|' -v n="$name" '
		{ gsub(/ /, "", $1); gsub(/ /, "", $4) } $1 == n { print $4 }')

	# 1. its include paths
	for d in $(inc_dirs "$flags"); do
		if ! printf '%s\n' "$allowed" | grep -qxF "$d"; then
			echo "layers: the Makefile gives $name -I$d, a folder above it or beside it"
			status=1
		fi
	done

	# 2. what its files include
	files=$(for d in $own; do ls "$d"/*.c "$d"/*.h 2>/dev/null || true; done)
	# shellcheck disable=SC2086
	if ! deps=$($cc $extra $flags -MM -x c $files 2>"$work/$name.err"); then
		echo "layers: $name: an include does not resolve with its include paths ($flags):"
		sed 's/^/  /' "$work/$name.err"
		status=1
	fi
	bad=$(printf '%s\n' "$deps" | awk -v top="$top/" -v allowed="$allowed" '
		function norm(p,   n, i, k, out, part, stack) {
			if (index(p, top) == 1)
				p = substr(p, length(top) + 1)
			else if (substr(p, 1, 1) == "/")
				return ""          # a system header
			n = split(p, part, "/")
			k = 0
			for (i = 1; i <= n; i++) {
				if (part[i] == "" || part[i] == ".")
					continue
				if (part[i] == ".." && k > 0 && stack[k] != "..")
					k--
				else
					stack[++k] = part[i]
			}
			out = stack[1]
			for (i = 2; i <= k; i++)
				out = out "/" stack[i]
			return out
		}
		BEGIN {
			n = split(allowed, a, "\n")
			for (i = 1; i <= n; i++)
				ok[a[i]] = 1
		}
		{
			sub(/\\$/, "")
			for (i = 1; i <= NF; i++) {
				if ($i ~ /:$/) {        # a rule: its source comes next
					src = ""
					continue
				}
				p = norm($i)
				if (src == "") {
					src = p
					continue
				}
				if (p == "")
					continue
				d = p
				sub(/\/[^\/]*$/, "", d)
				if (d == p)
					d = "."
				if (!(d in ok))
					print "  " src " includes " p
			}
		}')
	if [ -n "$bad" ]; then
		echo "layers: $name includes a header above it or beside it:"
		printf '%s\n' "$bad"
		status=1
	fi

	# 3. what it could include
	pdir="$work/$name"
	rm -rf "$pdir"
	mkdir -p "$pdir"
	i=0
	for h in $all_headers; do
		d=${h%/*}
		base=${h##*/}
		printf '%s\n' "$allowed" | grep -qxF "$d" && continue
		# a header of the same name the layer may use answers for it
		for a in $allowed; do
			[ -e "$a/$base" ] && continue 2
		done
		i=$((i + 1))
		printf '#include "%s" /* %s */\n' "$base" "$h" >"$pdir/p$i.c"
	done
	printf '#include "%s"\n' "$control" >"$pdir/control.c"
	pflags=$(abs_flags "$flags")
	# shellcheck disable=SC2086
	if ! (cd "$pdir" && $cc $extra $pflags -E control.c >/dev/null 2>control.err); then
		echo "layers: $name: the control probe (#include \"$control\") does not compile:"
		sed 's/^/  /' "$pdir/control.err"
		status=1
		continue
	fi
	if [ $i -gt 0 ]; then
		# one compiler run for every probe: it goes on after a missing header
		# shellcheck disable=SC2086
		(cd "$pdir" && $cc $extra $pflags -E p*.c >/dev/null 2>probes.err) || true
		for p in "$pdir"/p*.c; do
			f=${p##*/}
			if ! grep -q "^$f:1:[0-9]*: fatal error" "$pdir/probes.err"; then
				echo "layers: $name can include $(sed 's|.*/\* \(.*\) \*/|\1|' "$p"): its include paths ($flags) reach it"
				status=1
			fi
		done
	fi
	echo "layers: $name: $(printf '%s\n' "$files" | grep -c .) files scanned; $i headers above or beside it do not compile there"
done
[ $status -eq 0 ] && echo "layers: $layers layers, includes run one way"
exit $status
