#!/bin/bash
# The cost of the scale-out hop (router + Redis backplane/event stream) against one node called
# directly, as ratios of median latencies (docs/scale-out.md). Needs the Release build and, as root
# or a user who can run them, PostgreSQL and redis-server (.ci/prereqs installs both).
#   dotnet build src/OpsDashboard.Web -c Release && bench/scale-hop.sh
# The two are measured interleaved, round by round (ROUNDS rounds; in each, a block of STEPS steps
# and RENEWS renewals on one, then the same on the other, the first of the two alternating), so a
# shared machine's load drifting over the run falls on both alike. Defaults: ROUNDS=10 STEPS=10 RENEWS=40.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-10}; STEPS=${STEPS:-10}; RENEWS=${RENEWS:-40}
dll=src/OpsDashboard.Web/bin/Release/net10.0/OpsDashboard.dll
[ -f "$dll" ] || { echo "build first: dotnet build src/OpsDashboard.Web -c Release" >&2; exit 1; }
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort | tail -1)
root=$(mktemp -d /tmp/opsdash-hop.XXXXXX); chmod 755 "$root"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$pgbin/pg_ctl" -D "$root/pg" -m immediate stop >/dev/null 2>&1 || true
  else "$pgbin/pg_ctl" -D "$root/pg" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$root"
}
trap cleanup EXIT
pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$root"
PGPORT=55432; REDISPORT=56379; DIRECT=5191; NODE=5192; ROUTER=5193
pg "$pgbin/initdb" -D "$root/pg" -U postgres --auth=trust --no-sync --no-instructions >/dev/null
pg "$pgbin/pg_ctl" -D "$root/pg" -l "$root/pg/log" -o "-p $PGPORT -k $root -c listen_addresses=127.0.0.1 -c fsync=off" -w start >/dev/null
redis-server --port $REDISPORT --bind 127.0.0.1 --save "" --appendonly no --dir "$root" >/dev/null & pids+=($!)
KEY=ops_bench_key_0000000000000000000000000000
common=(OPSDASH_API_KEY=$KEY Ops__Database__Provider=postgres Ops__RateLimitPerSecond=100000 Logging__LogLevel__Default=Warning Ops__StepThumbnails=false)
db() { echo "Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=$1"; }
mkdir -p "$root/direct" "$root/node" "$root/router"
env "${common[@]}" OPSDASH_DATA="$root/direct" ConnectionStrings__OpsDb="$(db hop_direct)" dotnet "$dll" --urls http://127.0.0.1:$DIRECT >"$root/direct.log" 2>&1 & pids+=($!)
env "${common[@]}" OPSDASH_DATA="$root/node" ConnectionStrings__OpsDb="$(db hop_scaled)" ConnectionStrings__Redis=127.0.0.1:$REDISPORT Ops__Node__Id=hop-node \
  dotnet "$dll" --urls http://127.0.0.1:$NODE >"$root/node.log" 2>&1 & pids+=($!)
wait_up() { for _ in $(seq 1 240); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "not up: $1" >&2; exit 1; }
wait_up http://127.0.0.1:$DIRECT/health/live; wait_up http://127.0.0.1:$NODE/health/live
env "${common[@]}" OPSDASH_DATA="$root/router" ConnectionStrings__OpsDb="$(db hop_scaled)" Ops__Mode=router dotnet "$dll" --urls http://127.0.0.1:$ROUTER >"$root/router.log" 2>&1 & pids+=($!)
wait_up http://127.0.0.1:$ROUTER/router/nodes
sleep 3
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
open_session() { # base practice_port -> session id, after three warm-up steps
  local base=$1 practice=$2 sid
  sid=$(curl -s -H "X_MULTION_API_KEY: $KEY" -d "{\"url\":\"http://127.0.0.1:$practice/practice/\"}" "$base/v1/web/session" | sed -E 's/.*"session_id":"([^"]+)".*/\1/')
  [[ "$sid" == sess_* ]] || { echo "could not open a session on $base: $sid" >&2; exit 1; }
  for _ in 1 2 3; do curl -s -o /dev/null -H "X_MULTION_API_KEY: $KEY" -d '{"cmd":"scroll down"}' "$base/v1/web/session/$sid"; done
  echo "$sid"
}
block() { # base sid side round: STEPS steps then RENEWS renewals, one time per line into $root/<side>.{step,renew} and the round's own files
  local base=$1 sid=$2 side=$3 round=$4
  for _ in $(seq 1 "$STEPS"); do curl -s -o /dev/null -w '%{time_total}\n' -H "X_MULTION_API_KEY: $KEY" -d '{"cmd":"scroll down"}' "$base/v1/web/session/$sid"; done \
    | tee -a "$root/$side.step" > "$root/$side.step.$round"
  for _ in $(seq 1 "$RENEWS"); do curl -s -o /dev/null -w '%{time_total}\n' -H "X_MULTION_API_KEY: $KEY" -X POST "$base/api/sessions/$sid/renew"; done \
    | tee -a "$root/$side.renew" > "$root/$side.renew.$round"
}
DIRECT_BASE=http://127.0.0.1:$DIRECT; ROUTER_BASE=http://127.0.0.1:$ROUTER
d_sid=$(open_session $DIRECT_BASE $DIRECT); r_sid=$(open_session $ROUTER_BASE $NODE)
: > "$root/direct.step"; : > "$root/direct.renew"; : > "$root/scaled.step"; : > "$root/scaled.renew"
step_ratios=(); renew_ratios=()
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 )); then block $DIRECT_BASE "$d_sid" direct $round; block $ROUTER_BASE "$r_sid" scaled $round
  else block $ROUTER_BASE "$r_sid" scaled $round; block $DIRECT_BASE "$d_sid" direct $round; fi
  ds=$(median < "$root/direct.step.$round"); ss=$(median < "$root/scaled.step.$round")
  dr=$(median < "$root/direct.renew.$round"); sr=$(median < "$root/scaled.renew.$round")
  step_ratios+=("$(echo "$ss/$ds" | bc -l)"); renew_ratios+=("$(echo "$sr/$dr" | bc -l)")
  printf 'round %2d (%s first): step %.1f / %.1f ms (ratio %.3f), renew %.2f / %.2f ms (ratio %.3f)\n' "$round" "$( (( round % 2 )) && echo direct || echo scaled)" \
    "$(echo "$ds*1000" | bc -l)" "$(echo "$ss*1000" | bc -l)" "${step_ratios[-1]}" "$(echo "$dr*1000" | bc -l)" "$(echo "$sr*1000" | bc -l)" "${renew_ratios[-1]}"
done
curl -s -o /dev/null -H "X_MULTION_API_KEY: $KEY" -X DELETE "$DIRECT_BASE/v1/web/session/$d_sid"
curl -s -o /dev/null -H "X_MULTION_API_KEY: $KEY" -X DELETE "$ROUTER_BASE/v1/web/session/$r_sid"
d_step=$(median < "$root/direct.step"); d_read=$(median < "$root/direct.renew")
r_step=$(median < "$root/scaled.step"); r_read=$(median < "$root/scaled.renew")
minmax() { printf '%s\n' "$@" | sort -g | awk 'NR==1{lo=$1} {hi=$1} END {printf "%.3f–%.3f", lo, hi}'; }
echo "$ROUNDS rounds, each $STEPS steps and $RENEWS renewals on each side; medians over all rounds ($((ROUNDS*STEPS)) steps, $((ROUNDS*RENEWS)) renewals a side):"
printf 'one node, direct:           step (scroll down) median %.1f ms, renew (DB write + event) median %.2f ms\n' "$(echo "$d_step*1000" | bc -l)" "$(echo "$d_read*1000" | bc -l)"
printf 'router + node + Redis:      step (scroll down) median %.1f ms, renew (DB write + event) median %.2f ms\n' "$(echo "$r_step*1000" | bc -l)" "$(echo "$r_read*1000" | bc -l)"
printf 'ratio (scaled / one node):  step %.3f, renew %.3f (of the medians over all rounds)\n' "$(echo "$r_step/$d_step" | bc -l)" "$(echo "$r_read/$d_read" | bc -l)"
printf 'per-round ratios:           step median %.3f (range %s), renew median %.3f (range %s)\n' \
  "$(printf '%s\n' "${step_ratios[@]}" | median)" "$(minmax "${step_ratios[@]}")" "$(printf '%s\n' "${renew_ratios[@]}" | median)" "$(minmax "${renew_ratios[@]}")"
