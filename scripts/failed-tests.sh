#!/usr/bin/env bash
# Prints each failed test of a TRX results file with the first lines of its message.
# run-tests.sh calls it last, so that the tail of a long log (all a CI page may keep)
# still names what failed and why.
set -uo pipefail
trx=${1:?usage: failed-tests.sh RESULTS.trx}
lines=${FAILED_MESSAGE_LINES:-8}

awk -v keep="$lines" '
  function unescape(s) {
    gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s)
    gsub(/&apos;/, "\047", s); gsub(/&#xD;/, "", s); gsub(/&#xA;/, " ", s); gsub(/&amp;/, "\\&", s)
    return s
  }
  /<UnitTestResult / {
    failing = ($0 ~ /outcome="(Failed|Error|Timeout|Aborted)"/)
    if (failing) {
      name = $0; sub(/.*testName="/, "", name); sub(/".*/, "", name)
      print "FAILED " unescape(name)
    }
    inMessage = 0; printed = 0
  }
  failing && /<Message>/ { inMessage = 1; sub(/.*<Message>/, "") }
  failing && inMessage {
    text = $0; ended = sub(/<\/Message>.*/, "", text)
    if (printed < keep && text != "") { print "    " unescape(text); printed++ }
    if (ended) { inMessage = 0; failing = 0 }
  }
' "$trx"
