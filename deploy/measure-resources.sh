#!/usr/bin/env bash
# Measures what each service uses (resident memory, CPU) idle and under a short load, the figures
# the Deployments' requests and limits are sized from (deploy/README.md, "Sizing").
#
# It runs the platform as ./run.sh does (real broker, local PostgreSQL, the packaged jars), but on
# ports and databases of its own, so it never disturbs a ./run.sh or a test run beside it:
#   API 18081-18083, management 19081-19083, Kafka 19092, databases openup_measure_*.
# Build first: ./mvnw -B -q install -DskipTests
# Environment (optional): LOAD_SECONDS=60 WORKERS=4 PGHOST PGPORT PGUSER PGPASSWORD
set -euo pipefail
cd "$(dirname "$0")/.."

LOAD_SECONDS=${LOAD_SECONDS:-60}
WORKERS=${WORKERS:-4}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGPASSWORD=${PGPASSWORD:-}
WORK=$(mktemp -d /tmp/openup-measure.XXXXXX)
SERVICES=(needs-service session-service feedback-service)
PORTS=(18081 18082 18083)
MANAGEMENT=(19081 19082 19083)
DBS=(openup_measure_needs openup_measure_needs_keys openup_measure_sessions
  openup_measure_sessions_keys openup_measure_feedback openup_measure_feedback_keys)
pids=()

stop_all() {
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[$i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT

testkit_cp="$(ls testkit/target/testkit-*.jar | head -n 1):$(cat testkit/target/runtime.classpath)"
java -cp "$testkit_cp" app.openup.testkit.TestDatabase --recreate "${DBS[@]}" >/dev/null

java -cp "$(ls local-kafka/target/local-kafka-*.jar | head -n 1)" app.openup.localkafka.LocalKafka \
  19092 "$WORK/kafka" >"$WORK/kafka.log" 2>&1 &
pids+=($!)
until grep -qs '^Kafka broker ready at' "$WORK/kafka.log"; do
  kill -0 "${pids[0]}" 2>/dev/null || { cat "$WORK/kafka.log"; exit 1; }
  sleep 0.5
done

mapfile -t tokens < <(java -cp "$testkit_cp" app.openup.testkit.PartnerTokens "$WORK/jwt" \
  a1e00000-0000-4000-8000-00000000a1e0 5a300000-0000-4000-8000-000000005a30)
export OPENUP_VAULT_MASTER_KEY=$(head -c 32 /dev/urandom | base64)
export OPENUP_JWT_PUBLIC_KEY_LOCATION=$WORK/jwt/public-key.pem
export OPENUP_JWT_ISSUER=https://auth.openup.test
export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:19092
export OPENUP_DB_HOST=$PGHOST OPENUP_DB_PORT=$PGPORT OPENUP_DB_USER=$PGUSER OPENUP_DB_PASSWORD=$PGPASSWORD
export NEEDS_SERVICE_PORT=18081 SESSION_SERVICE_PORT=18082 FEEDBACK_SERVICE_PORT=18083
export NEEDS_SERVICE_MANAGEMENT_PORT=19081 SESSION_SERVICE_MANAGEMENT_PORT=19082
export FEEDBACK_SERVICE_MANAGEMENT_PORT=19083
export OPENUP_NEEDS_DB=openup_measure_needs OPENUP_NEEDS_KEYS_DB=openup_measure_needs_keys
export OPENUP_SESSIONS_DB=openup_measure_sessions OPENUP_SESSIONS_KEYS_DB=openup_measure_sessions_keys
export OPENUP_FEEDBACK_DB=openup_measure_feedback OPENUP_FEEDBACK_KEYS_DB=openup_measure_feedback_keys

# The heap bound the containers get (Dockerfile.jvm: MaxRAMPercentage of the memory limit) is
# left to the JVM here, as in the pods (./run.sh gives each service LocalPlatform.JVM_OPTIONS, for
# a laptop's shared cores); -Xmx256m is its heap bound.
service_pids=()
for i in "${!SERVICES[@]}"; do
  started=$(date +%s%N)
  java -Xmx256m -jar "${SERVICES[$i]}/target/quarkus-app/quarkus-run.jar" \
    >"$WORK/${SERVICES[$i]}.log" 2>&1 &
  pids+=($!)
  service_pids+=($!)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${MANAGEMENT[$i]}/q/health/ready")" = 200 ]; do
    kill -0 "$!" 2>/dev/null || { tail -50 "$WORK/${SERVICES[$i]}.log"; exit 1; }
    sleep 0.2
  done
  echo "${SERVICES[$i]} ready in $(( ($(date +%s%N) - started) / 1000000 )) ms"
done

sample() { # name pid: resident MiB and CPU seconds so far
  local rss ticks
  rss=$(awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$2/status")
  ticks=$(awk '{print $14 + $15}' "/proc/$2/stat")
  echo "$1 $rss $ticks"
}

sleep 10
echo "idle (10 s after all are ready):"
for i in "${!SERVICES[@]}"; do sample "${SERVICES[$i]}" "${service_pids[$i]}"; done |
  awk '{printf "  %-17s %4d MiB resident\n", $1, $2}'

python3 - "$LOAD_SECONDS" "$WORKERS" "${tokens[0]}" "${tokens[1]}" >"$WORK/load.log" 2>&1 <<'EOF' &
import json, sys, threading, time, urllib.request
seconds, workers, alex, sam = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
deadline = time.time() + seconds
counts = {"ok": 0, "failed": 0}
def call(method, url, token, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", "Bearer " + token)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            counts["ok"] += 1
            text = response.read()
            return json.loads(text) if text else None
    except Exception:
        counts["failed"] += 1
        return None
def couple_life():
    while time.time() < deadline:
        couple = call("POST", "http://127.0.0.1:18081/api/v1/couples", alex)
        if not couple:
            continue
        c = couple["id"]
        call("POST", "http://127.0.0.1:18081/api/v1/couples/join", sam, {"code": couple["invitation"]["code"]})
        need = call("POST", f"http://127.0.0.1:18081/api/v1/couples/{c}/needs", alex,
                    {"topic": "QUALITY_TIME", "meaning": "an evening a week, phones away"})
        if need:
            call("POST", f"http://127.0.0.1:18081/api/v1/couples/{c}/needs/{need['id']}/share", alex,
                 {"why": "I miss talking with you"})
        for _ in range(5):
            call("GET", f"http://127.0.0.1:18081/api/v1/couples/{c}/needs", sam)
            call("GET", f"http://127.0.0.1:18083/api/v1/couples/{c}/history", alex)
            call("GET", f"http://127.0.0.1:18083/api/v1/couples/{c}/dashboard", sam)
        call("POST", f"http://127.0.0.1:18082/api/v1/couples/{c}/sessions", alex,
             {"startsAt": "2030-01-09T19:00:00Z", "endsAt": "2030-01-09T20:00:00Z", "place": "home"})
        call("GET", f"http://127.0.0.1:18082/api/v1/couples/{c}/sessions", sam)
threads = [threading.Thread(target=couple_life) for _ in range(workers)]
for t in threads: t.start()
for t in threads: t.join()
print(f"requests: {counts['ok']} answered 2xx, {counts['failed']} not")
EOF
load=$!

declare -A peak_rss peak_cpu first_ticks
for i in "${!SERVICES[@]}"; do
  read -r _ _ first_ticks[$i] < <(sample x "${service_pids[$i]}")
  peak_rss[$i]=0 peak_cpu[$i]=0
done
hz=$(getconf CLK_TCK)
declare -A last_ticks
for i in "${!SERVICES[@]}"; do last_ticks[$i]=${first_ticks[$i]}; done
began=$(date +%s)
while kill -0 "$load" 2>/dev/null; do
  sleep 1
  for i in "${!SERVICES[@]}"; do
    read -r _ rss ticks < <(sample x "${service_pids[$i]}")
    (( rss > peak_rss[$i] )) && peak_rss[$i]=$rss
    millicores=$(( (ticks - last_ticks[$i]) * 1000 / hz ))
    (( millicores > peak_cpu[$i] )) && peak_cpu[$i]=$millicores
    last_ticks[$i]=$ticks
  done
done
elapsed=$(( $(date +%s) - began ))
cat "$WORK/load.log"
echo "under load ($WORKERS workers, ${elapsed} s, 2-core machine):"
for i in "${!SERVICES[@]}"; do
  read -r _ rss ticks < <(sample x "${service_pids[$i]}")
  avg=$(( (ticks - first_ticks[$i]) * 1000 / hz / (elapsed > 0 ? elapsed : 1) ))
  printf '  %-17s peak %4d MiB resident, CPU average %4d m, peak 1 s %4d m\n' \
    "${SERVICES[$i]}" "${peak_rss[$i]}" "$avg" "${peak_cpu[$i]}"
done
rm -rf "$WORK"
