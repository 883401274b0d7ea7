#!/bin/sh
# Runs inside the build container, in BUILD_DIR (the checked-out commit).
set -e
echo "building $CION_REPO at $CION_SHA (branch $CION_BRANCH) in $BUILD_DIR"
echo "$GREETING from commit $(echo "$CION_SHA" | cut -c1-7)" > "$ARTIFACTS_DIR/greeting.txt"
echo "wrote $ARTIFACTS_DIR/greeting.txt"
