#!/usr/bin/env bash
# Runs the whole NUnit suite against the staged install (.stage, made by 'make stage')
# and prints the closing line 'N passed, N failed' counted from the TRX results file.
set -uo pipefail
cd "$(dirname "$0")/.."

results=TestResults
rm -rf "$results"
dotnet test Cion.Tests/Cion.Tests.csproj -c "${CONFIGURATION:-Release}" --nologo \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@"
status=$?

trx="$results/results.trx"
if [ ! -f "$trx" ]; then
  echo "no test results were written ($trx missing)"
  echo "0 passed, 1 failed"
  exit 1
fi
counters=$(grep -o '<Counters [^>]*>' "$trx")
count() { echo "$counters" | grep -oE " $1=\"[0-9]+\"" | grep -oE '[0-9]+'; }
passed=$(count passed)
failed=$(( $(count failed) + $(count error) + $(count timeout) + $(count aborted) ))
skipped=$(count notExecuted)
# Last before the count: a CI page that keeps only the log's tail still names the failures.
[ "$failed" -gt 0 ] && scripts/failed-tests.sh "$trx"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -eq 0 ] && [ "${passed}" -eq 0 ]; then
  echo "no test ran"
  exit 1
fi
exit "$status"
