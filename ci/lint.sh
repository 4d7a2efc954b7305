#!/bin/sh
# Static analysis: `make lint` - cppcheck over every C folder, each layer
# with its own include paths, failing on any finding, and make
# check-layers (includes run one way) and make format-check (any
# difference from .clang-format fails).
set -eu
cd "$(dirname "$0")/.."
make lint
