#!/bin/sh
# Posts {"text": "team/app main 1a2b3c4: failed (build timed out) https://ci.example.com/…"} to WEBHOOK_URL.
# cion gives it CION_REPO, CION_BRANCH, CION_COMMIT, CION_STATUS, CION_PREVIOUS_STATUS, CION_ENVIRONMENT,
# CION_URL and the run's result file at CION_RESULT. Settings (env, or secrets for the URL):
#   WEBHOOK_URL      the chat's incoming webhook (required; name it as a secret: it grants posting)
#   WEBHOOK_FIELD    the JSON field of the message: text (default), or content for Discord
#   CHANNEL          adds "channel": CHANNEL, for webhooks that let the sender pick one
set -eu
: "${WEBHOOK_URL:?set WEBHOOK_URL to the chat webhook, e.g. secrets: [WEBHOOK_URL]}"

# A JSON string's inside: backslashes and quotes escaped, control characters made spaces or dropped.
json() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' | tr '\t\r\n' '   ' | tr -d '\000-\037'; }

# The first line of the result file with this key, without the key.
result() { [ -r "${CION_RESULT:-}" ] && sed -n "s/^$1=//p" "$CION_RESULT" | head -n 1 || true; }

what=$CION_STATUS
if [ "$CION_STATUS" = succeeded ] && [ -n "${CION_PREVIOUS_STATUS:-}" ] && [ "$CION_PREVIOUS_STATUS" != succeeded ]; then
  what="fixed (was $CION_PREVIOUS_STATUS)"
fi
if [ -n "${CION_ENVIRONMENT:-}" ]; then
  if [ "$(result release_exit)" = 0 ]; then what="$what, deployed to $CION_ENVIRONMENT"; else what="$what, release to $CION_ENVIRONMENT"; fi
fi
for step in build release; do
  [ "$(result ${step}_exit)" = timeout ] && what="$what ($step timed out)"
done
error=$(result error)
[ -n "$error" ] && what="$what: $error"

text="$CION_REPO ${CION_BRANCH:-?} $(printf %.7s "$CION_COMMIT"): $what"
[ -n "${CION_URL:-}" ] && text="$text $CION_URL"

payload="{\"$(json "${WEBHOOK_FIELD:-text}")\": \"$(json "$text")\""
[ -n "${CHANNEL:-}" ] && payload="$payload, \"channel\": \"$(json "$CHANNEL")\""
payload="$payload}"

echo "posting: $text"
wget -q -O - --header 'Content-Type: application/json' --post-data "$payload" "$WEBHOOK_URL"
echo
