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
#   OPENUP_SKIP_BUILD=1   reuse the jars of an earlier build (without it, the build is skipped only
#                         when no file git tracks or would track changed since the last one)
#   OPENUP_BUILD=1        build even then
set -euo pipefail
cd "$(dirname "$0")"

export NEEDS_SERVICE_PORT=${NEEDS_SERVICE_PORT:-8081}
export SESSION_SERVICE_PORT=${SESSION_SERVICE_PORT:-8082}
export FEEDBACK_SERVICE_PORT=${FEEDBACK_SERVICE_PORT:-8083}
export NEEDS_SERVICE_MANAGEMENT_PORT=${NEEDS_SERVICE_MANAGEMENT_PORT:-9081}
export SESSION_SERVICE_MANAGEMENT_PORT=${SESSION_SERVICE_MANAGEMENT_PORT:-9082}
export FEEDBACK_SERVICE_MANAGEMENT_PORT=${FEEDBACK_SERVICE_MANAGEMENT_PORT:-9083}
export KAFKA_PORT=${KAFKA_PORT:-9092}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGPASSWORD=${PGPASSWORD:-}

RUN_DIR=$PWD/.run

say() { printf '\033[1m[run]\033[0m %s\n' "$*"; }
fail() { printf '\033[31m[run]\033[0m %s\n' "$*" >&2; exit 1; }

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

# What the sources are, by content: every file git tracks or would track (none outside a git
# checkout). A build rewrites every jar and with them each service's class-data archive, which the
# run after it records again; so when the sources are those of the last build from this checkout
# and its jars are there, that build is used as it is, and later runs start from the archives.
sources() {
  git rev-parse --is-inside-work-tree >/dev/null 2>&1 || return 0
  git ls-files -z -co --exclude-standard | xargs -0 -r sha1sum 2>/dev/null | sha1sum | cut -d' ' -f1
}
built() {
  local module
  for module in needs-service session-service feedback-service; do
    [ -f "$module/target/quarkus-app/quarkus-run.jar" ] || return 1
  done
  [ -f testkit/target/runtime.classpath ] && ls testkit/target/testkit-*.jar >/dev/null 2>&1 &&
    [ -n "$1" ] && [ "$1" = "$(cat "$RUN_DIR/built-from" 2>/dev/null)" ]
}
mkdir -p "$RUN_DIR"
if [ "${OPENUP_SKIP_BUILD:-}" != 1 ]; then
  fingerprint=$(sources)
  if [ "${OPENUP_BUILD:-}" != 1 ] && built "$fingerprint"; then
    say "the sources are those of the last build: using its jars (OPENUP_BUILD=1 builds anyway)"
  else
    say "building the services (./mvnw -B -q install -DskipTests; the first build downloads dependencies)"
    rm -f "$RUN_DIR/built-from"
    ./mvnw -B -q install -DskipTests
    [ -z "$fingerprint" ] || echo "$fingerprint" > "$RUN_DIR/built-from"
  fi
fi
testkit_cp="$(ls testkit/target/testkit-*.jar | head -n 1):$(cat testkit/target/runtime.classpath)"

# The local platform's state is .run (Kafka's log, the token keys, the vault's master key) and the
# databases: each service's event store and, apart from it, its vault's key store. On a checkout's
# first run (no master key in .run yet) the databases are made anew: what they hold was written
# under another run's master key and relayed to another Kafka log, and the services could not read
# it. The launcher (testkit's LocalPlatform, the same one the system tests use) starts the broker
# and the three services, prints where they are, and stops everything on Ctrl-C or SIGTERM.
fresh=""
if [ ! -s "$RUN_DIR/vault-master-key" ]; then
  fresh="--fresh"
  say "first run from this checkout: the databases on $PGHOST:$PGPORT are made anew"
fi
say "starting Apache Kafka and the three services (logs in .run/logs, Kafka's in .run/kafka)"
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$testkit_cp" \
  app.openup.testkit.LocalPlatform $fresh
