#!/bin/sh
# Static analysis: `make lint` - cppcheck over every C folder, each layer
# with its own include paths, failing on any finding, and make
# check-layers (includes run one way).  FORMAT_CHECK=1 adds the
# clang-format check (make format-check), which fails on any difference
# from .clang-format; it is left out until the tree is formatted (make
# format).
set -eu
cd "$(dirname "$0")/.."
make lint
