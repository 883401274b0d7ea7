#!/usr/bin/env bash
# cion's main job, end to end, on this machine: start ciond on a temporary config,
# create a bare repo with cion's hook, push the sample project in examples/hello,
# wait for the job, and show its files. Run through 'make demo', which builds cion,
# starts a Docker engine if none answers and builds the small images it uses.
set -euo pipefail
cd "$(dirname "$0")/.."
repo_root=$PWD
bin="$repo_root/.stage/bin"

demo=${DEMO_DIR:-$(mktemp -d /tmp/cion-demo.XXXXXX)}
mkdir -p "$demo/git"
cat >"$demo/cion.yml" <<CONFIG
spool: $demo/spool
state: $demo/state
log: $demo/log
repos: [$demo/git]
concurrency: 2
dind:
  image: cion-test/dind     # built locally by scripts/build-test-images.sh; default docker:dind
  rootless_image: cion-test/dind-rootless   # the same; default docker:dind-rootless
CONFIG

echo "== starting ciond (config $demo/cion.yml, output in $demo/ciond.out)"
"$bin/ciond" --config "$demo/cion.yml" >"$demo/ciond.out" 2>&1 &
daemon=$!
trap 'kill -TERM $daemon 2>/dev/null; wait $daemon 2>/dev/null || true' EXIT

# The web page on loopback, reading the same state. It keeps running after the demo so the
# page can be looked at; stop it with: kill $(cat $demo/cion-web.pid)
web_listen=${DEMO_WEB:-127.0.0.1:8070}
echo "== starting cion-web on $web_listen (output in $demo/cion-web.out)"
"$bin/cion-web" --config "$demo/cion.yml" --listen "$web_listen" >"$demo/cion-web.out" 2>&1 &
echo $! >"$demo/cion-web.pid"
for _ in $(seq 1 100); do grep -q " ready: " "$demo/ciond.out" && break; sleep 0.1; done
grep " ready: " "$demo/ciond.out"

echo "== creating $demo/git/demo/hello.git with cion's hook"
git init -q --bare --initial-branch=main "$demo/git/demo/hello.git"
"$bin/cion" install-hook "$demo/git/demo/hello.git" --config "$demo/cion.yml"

echo "== pushing examples/hello"
work="$demo/work"
rm -rf "$work"
cp -a examples/hello "$work"
git -C "$work" init -q --initial-branch=main
git -C "$work" add -A
git -C "$work" -c user.name=demo -c user.email=demo@example.invalid commit -q -m "hello, cion"
git -C "$work" push "$demo/git/demo/hello.git" main
sha=$(git -C "$work" rev-parse HEAD)
job="$demo/state/jobs/demo/hello/$sha"

echo "== waiting for $job/status"
status=""
for _ in $(seq 1 600); do
  status=$(cat "$job/status" 2>/dev/null || true)
  case "$status" in succeeded|failed|error|cancelled) break ;; esac
  sleep 0.1
done

show() { echo; echo "== $ $*"; "$@" || true; }
show cat "$job/status"
show cat "$job/cion.log"
show cat "$job/build.log"
show cat "$job/test.log"
show cat "$job/release.log"
show cat "$job/result"
show ls -l "$job/artifacts/"
echo
echo "Everything above is plain files under $demo/state; look around with ls, cat, grep."
job_id=$(sed -n 's/^id=//p' "$job/job")
if grep -q "listening on" "$demo/cion-web.out" 2>/dev/null; then
  echo "The same on the web page: http://$web_listen/demo/hello/-/jobs/$job_id"
  echo "(cion-web keeps running; stop it with: kill \$(cat $demo/cion-web.pid))"
else
  echo "cion-web did not start (port $web_listen taken? set DEMO_WEB=127.0.0.1:PORT):"
  cat "$demo/cion-web.out"
fi
[ "$status" = succeeded ]
