#!/usr/bin/env bash
# Starts Open Up locally: a real Apache Kafka broker (from Maven Central jars, no containers), the
# services' databases on the local PostgreSQL, and the three services from their packaged jars.
# Ctrl-C (or SIGTERM) stops everything this script started.
#
# Environment (all optional):
#   NEEDS_SERVICE_PORT=8081 SESSION_SERVICE_PORT=8082 FEEDBACK_SERVICE_PORT=8083 KAFKA_PORT=9092
#   NEEDS_SERVICE_MANAGEMENT_PORT=9081 SESSION_SERVICE_MANAGEMENT_PORT=9082
#   FEEDBACK_SERVICE_MANAGEMENT_PORT=9083   (health and metrics)
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres PGPASSWORD=
#   OPENUP_SKIP_BUILD=1   reuse the jars of an earlier build
set -euo pipefail
cd "$(dirname "$0")"

export NEEDS_SERVICE_PORT=${NEEDS_SERVICE_PORT:-8081}
export SESSION_SERVICE_PORT=${SESSION_SERVICE_PORT:-8082}
export FEEDBACK_SERVICE_PORT=${FEEDBACK_SERVICE_PORT:-8083}
export NEEDS_SERVICE_MANAGEMENT_PORT=${NEEDS_SERVICE_MANAGEMENT_PORT:-9081}
export SESSION_SERVICE_MANAGEMENT_PORT=${SESSION_SERVICE_MANAGEMENT_PORT:-9082}
export FEEDBACK_SERVICE_MANAGEMENT_PORT=${FEEDBACK_SERVICE_MANAGEMENT_PORT:-9083}
KAFKA_PORT=${KAFKA_PORT:-9092}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGPASSWORD=${PGPASSWORD:-}

RUN_DIR=$PWD/.run
LOG_DIR=$RUN_DIR/logs
SERVICES=(needs-service session-service feedback-service)
DATABASES=(openup_needs openup_needs_keys openup_sessions openup_sessions_keys openup_feedback
  openup_feedback_keys)
DEMO_PARTNERS=(a1e00000-0000-4000-8000-00000000a1e0 5a300000-0000-4000-8000-000000005a30)
pids=()

say() { printf '\033[1m[run]\033[0m %s\n' "$*"; }
fail() { printf '\033[31m[run]\033[0m %s\n' "$*" >&2; exit 1; }

stop_all() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    say "stopping (pids ${pids[*]})"
    # Services first, then the broker: its launcher stops the broker on SIGTERM.
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
      kill -TERM "${pids[$i]}" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
      wait "$pid" 2>/dev/null || true
    done
  fi
  say "stopped"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Prerequisites: Java 17+ and a reachable PostgreSQL. Everything else comes from Maven Central.
command -v java >/dev/null || fail "Java 17 or newer is needed (java not found)"
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')
[ "${java_major:-0}" -ge 17 ] || fail "Java 17 or newer is needed (found ${java_major:-unknown})"
(exec 3<>"/dev/tcp/$PGHOST/$PGPORT") 2>/dev/null ||
  fail "No PostgreSQL answers at $PGHOST:$PGPORT. Start it (on Debian: pg_ctlcluster --skip-systemctl-redirect <version> main start) or set PGHOST/PGPORT."
for port in "$KAFKA_PORT" "$NEEDS_SERVICE_PORT" "$SESSION_SERVICE_PORT" "$FEEDBACK_SERVICE_PORT" \
  "$NEEDS_SERVICE_MANAGEMENT_PORT" "$SESSION_SERVICE_MANAGEMENT_PORT" "$FEEDBACK_SERVICE_MANAGEMENT_PORT"; do
  port_in_use "$port" && fail "Port $port is taken; stop what uses it or choose another port (see the top of run.sh)."
done

if [ "${OPENUP_SKIP_BUILD:-}" != 1 ]; then
  say "building the services (./mvnw -B -q install -DskipTests; the first build downloads dependencies)"
  ./mvnw -B -q install -DskipTests
fi
mkdir -p "$LOG_DIR"
testkit_cp="$(ls testkit/target/testkit-*.jar | head -n 1):$(cat testkit/target/runtime.classpath)"

# The local platform's state is .run (Kafka's log, the token keys, the vault's master key) and the
# databases: each service's event store and, apart from it, its vault's key store. On a checkout's first run (no master key in .run yet) the databases are made
# anew: what they hold was written under another run's master key and relayed to another Kafka log,
# and the services could not read it.
if [ -s "$RUN_DIR/vault-master-key" ]; then
  say "creating the databases on $PGHOST:$PGPORT if absent"
  java -cp "$testkit_cp" app.openup.testkit.TestDatabase "${DATABASES[@]}"
else
  say "first run from this checkout: creating the databases on $PGHOST:$PGPORT anew"
  java -cp "$testkit_cp" app.openup.testkit.TestDatabase --recreate "${DATABASES[@]}"
fi

say "starting Apache Kafka on 127.0.0.1:$KAFKA_PORT (data in .run/kafka, log in .run/kafka/broker.log)"
java -cp "$(ls local-kafka/target/local-kafka-*.jar | head -n 1)" app.openup.localkafka.LocalKafka \
  "$KAFKA_PORT" "$RUN_DIR/kafka" >"$LOG_DIR/kafka.log" 2>&1 &
pids+=($!)
until grep -qs '^Kafka broker ready at' "$LOG_DIR/kafka.log"; do
  kill -0 "${pids[0]}" 2>/dev/null || fail "Kafka did not start: $(cat "$LOG_DIR/kafka.log")"
  sleep 0.5
done

# Demo partners sign in with tokens minted by a key pair of the local run.
tokens=()
while IFS= read -r token; do tokens+=("$token"); done < <(
  java -cp "$testkit_cp" app.openup.testkit.PartnerTokens "$RUN_DIR/jwt" "${DEMO_PARTNERS[@]}")
# The vault's master key of the local run: made once, kept in .run (never in git).
if [ ! -s "$RUN_DIR/vault-master-key" ]; then
  (umask 077 && head -c 32 /dev/urandom | base64 >"$RUN_DIR/vault-master-key")
fi
export OPENUP_VAULT_MASTER_KEY=$(cat "$RUN_DIR/vault-master-key")
export OPENUP_JWT_PUBLIC_KEY_LOCATION=$RUN_DIR/jwt/public-key.pem
export OPENUP_JWT_ISSUER=https://auth.openup.test
export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT
export OPENUP_DB_HOST=$PGHOST OPENUP_DB_PORT=$PGPORT OPENUP_DB_USER=$PGUSER OPENUP_DB_PASSWORD=$PGPASSWORD
# The couple's page is served over plain http here: its sign-in cookie cannot be Secure.
export OPENUP_PAGE_SECURE_COOKIE=false

for service in "${SERVICES[@]}"; do
  say "starting $service (log in .run/logs/$service.log)"
  java -Xmx256m -jar "$service/target/quarkus-app/quarkus-run.jar" >"$LOG_DIR/$service.log" 2>&1 &
  pids+=($!)
done

management=("$NEEDS_SERVICE_MANAGEMENT_PORT" "$SESSION_SERVICE_MANAGEMENT_PORT" "$FEEDBACK_SERVICE_MANAGEMENT_PORT")
for i in "${!SERVICES[@]}"; do
  deadline=$((SECONDS + 120))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${management[$i]}/q/health/ready")" = 200 ]; do
    kill -0 "${pids[$((i + 1))]}" 2>/dev/null || fail "${SERVICES[$i]} stopped; see .run/logs/${SERVICES[$i]}.log"
    [ $SECONDS -lt $deadline ] || fail "${SERVICES[$i]} not ready after 120 s; see .run/logs/${SERVICES[$i]}.log"
    sleep 0.5
  done
done

cat <<EOF

Open Up is running. Ctrl-C stops it all.

  service            API                                   OpenAPI                                  health, metrics (management port)
  needs-service      http://127.0.0.1:$NEEDS_SERVICE_PORT/api/v1    http://127.0.0.1:$NEEDS_SERVICE_PORT/q/openapi    http://127.0.0.1:$NEEDS_SERVICE_MANAGEMENT_PORT/q/health  /q/metrics
  session-service    http://127.0.0.1:$SESSION_SERVICE_PORT/api/v1    http://127.0.0.1:$SESSION_SERVICE_PORT/q/openapi    http://127.0.0.1:$SESSION_SERVICE_MANAGEMENT_PORT/q/health  /q/metrics
  feedback-service   http://127.0.0.1:$FEEDBACK_SERVICE_PORT/api/v1    http://127.0.0.1:$FEEDBACK_SERVICE_PORT/q/openapi    http://127.0.0.1:$FEEDBACK_SERVICE_MANAGEMENT_PORT/q/health  /q/metrics
  Kafka              127.0.0.1:$KAFKA_PORT
  PostgreSQL         $PGHOST:$PGPORT (databases ${DATABASES[*]})

Demo partner tokens (valid 12 hours):
  Alex (${DEMO_PARTNERS[0]}):
    export ALEX=${tokens[0]}
  Sam  (${DEMO_PARTNERS[1]}):
    export SAM=${tokens[1]}

The couple's page (feedback-service), signed in as each demo partner (the token stays in the
link's fragment, which the browser does not send; the page keeps it in an HttpOnly cookie):
  Alex: http://127.0.0.1:$FEEDBACK_SERVICE_PORT/couple/sign-in#token=${tokens[0]}
  Sam:  http://127.0.0.1:$FEEDBACK_SERVICE_PORT/couple/sign-in#token=${tokens[1]}

Try (after the two exports above):
  curl -s -X POST -H "Authorization: Bearer \$ALEX" http://127.0.0.1:$NEEDS_SERVICE_PORT/api/v1/couples
  curl -s -H "Authorization: Bearer \$SAM" -H 'Content-Type: application/json' \\
       -d '{"code":"<invitation code>"}' http://127.0.0.1:$NEEDS_SERVICE_PORT/api/v1/couples/join
  # session-service learns the couple from needs.events; the join's Consistency-Token lets it wait
  curl -s -H "Authorization: Bearer \$ALEX" -H 'Content-Type: application/json' -H 'Consistency-Token: <token>' \\
       -d '{"startsAt":"$(date -u -d '+1 day' +%Y-%m-%dT19:00:00Z 2>/dev/null || echo 2027-01-09T19:00:00Z)","endsAt":"$(date -u -d '+1 day' +%Y-%m-%dT20:00:00Z 2>/dev/null || echo 2027-01-09T20:00:00Z)","place":"home"}' \\
       http://127.0.0.1:$SESSION_SERVICE_PORT/api/v1/couples/<couple id>/sessions
EOF

# Stay in the foreground until a process ends or the user stops us.
wait -n "${pids[@]}" || true
say "a process ended on its own; see .run/logs"
