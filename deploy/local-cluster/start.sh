#!/usr/bin/env bash
# Starts a local Flink session cluster from the project's build output: one JobManager
# (StandaloneSessionClusterEntrypoint) and one TaskManager (TaskManagerRunner), each its own
# background JVM bound to 127.0.0.1. No Flink binary distribution is needed: the classpath is the
# Flink runtime part of jobs/target/lib (see io.streamrec.jobs.deploy.JobJars), and the memory
# flags come from Flink's BashJavaUtils, as Flink's own jobmanager.sh/taskmanager.sh do it.
# Waits until the REST endpoint lists one TaskManager, then prints the dashboard URL.
#
# Environment:
#   STREAMREC_CLUSTER_DIR            folder for run/ (PID files), log/ and state/
#                                    (default: <checkout>/target/local-cluster)
#   STREAMREC_FLINK_CONF_DIR         Flink configuration folder (default: deploy/flink/conf)
#   STREAMREC_REST_PORT              REST and dashboard port (default: rest.port of config.yaml)
#   STREAMREC_RPC_PORT               JobManager RPC port (default: jobmanager.rpc.port)
#   STREAMREC_CLUSTER_START_TIMEOUT  seconds to wait for the TaskManager to register (default 120)
#   JAVA_HOME                        the JDK to use (17 or newer)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JOBS_TARGET="$ROOT/jobs/target"
CONF_DIR="${STREAMREC_FLINK_CONF_DIR:-$ROOT/deploy/flink/conf}"
CLUSTER_DIR="${STREAMREC_CLUSTER_DIR:-$ROOT/target/local-cluster}"
RUN_DIR="$CLUSTER_DIR/run"
LOG_DIR="$CLUSTER_DIR/log"
STATE_DIR="$CLUSTER_DIR/state"
START_TIMEOUT="${STREAMREC_CLUSTER_START_TIMEOUT:-120}"

# The prefix Flink's BashJavaUtils puts before each result line on standard output; every
# other line is logging.
EXEC_PREFIX="BASH_JAVA_UTILS_EXEC_RESULT:"

fail() {
  echo "start.sh: $*" >&2
  exit 1
}

java_cmd="java"
if [[ -n "${JAVA_HOME:-}" ]]; then
  java_cmd="$JAVA_HOME/bin/java"
fi
command -v "$java_cmd" >/dev/null 2>&1 || fail "java not found. Install JDK 17 or newer, or set JAVA_HOME."
command -v curl >/dev/null 2>&1 || fail "curl not found; it is needed to poll the REST endpoint."
[[ -f "$CONF_DIR/config.yaml" ]] || fail "no config.yaml in $CONF_DIR"

# Reads a flat "key: value" line of config.yaml; prints $2 when the key is absent.
read_config() {
  local value
  value="$(sed -n "s/^[[:space:]]*$1[[:space:]]*:[[:space:]]*//p" "$CONF_DIR/config.yaml" | tail -n 1)"
  value="${value%%[[:space:]]#*}"
  echo "${value:-$2}"
}

# --- Build output -------------------------------------------------------------------------------
if [[ ! -d "$JOBS_TARGET/lib" ]]; then
  command -v mvn >/dev/null 2>&1 || fail "$JOBS_TARGET/lib is missing and Maven (mvn) is not on PATH."
  echo "start.sh: building the project (jobs/target/lib is missing)..." >&2
  (cd "$ROOT" && mvn -B -q -DskipTests -pl jobs -am package) >&2
fi
JOBS_JAR="$(ls "$JOBS_TARGET"/streamrec-jobs-*.jar 2>/dev/null | grep -v -e '-tests.jar' | head -n 1 || true)"
[[ -n "$JOBS_JAR" ]] || fail "no streamrec-jobs-*.jar in $JOBS_TARGET; rebuild with: mvn -B -DskipTests -pl jobs -am package"

# --- Ports and refusal to start twice -----------------------------------------------------------
REST_PORT="${STREAMREC_REST_PORT:-$(read_config rest.port 8081)}"
RPC_PORT="${STREAMREC_RPC_PORT:-$(read_config jobmanager.rpc.port 6123)}"

mkdir -p "$RUN_DIR" "$LOG_DIR" "$STATE_DIR/checkpoints" "$STATE_DIR/savepoints" "$STATE_DIR/tmp" \
  "$CLUSTER_DIR/plugins"
# Flink looks for plugins (metric reporters, file systems) here; an empty folder means none.
export FLINK_PLUGINS_DIR="$CLUSTER_DIR/plugins"

for name in jobmanager taskmanager; do
  pid_file="$RUN_DIR/$name.pid"
  if [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    fail "the $name is already running (PID $(cat "$pid_file")); stop it with deploy/local-cluster/stop.sh"
  fi
  rm -f "$pid_file"
done
if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$REST_PORT/overview"; then
  fail "port $REST_PORT already answers HTTP; stop that server or set STREAMREC_REST_PORT"
fi

# --- Classpath, JVM options and the properties both processes share ----------------------------
CLASSPATH="$("$java_cmd" -cp "$JOBS_JAR:$JOBS_TARGET/lib/*" io.streamrec.jobs.deploy.JobJars "$JOBS_TARGET")" \
  || fail "could not list the Flink runtime jars with $JOBS_JAR; rebuild with: mvn -B -DskipTests -pl jobs -am package"
[[ -n "$CLASSPATH" ]] || fail "the Flink runtime classpath computed from $JOBS_TARGET/lib is empty"

read -r -a JAVA_OPTS_ALL <<< "$(read_config env.java.opts.all "")"

SHARED_PROPERTIES=(
  -D "rest.port=$REST_PORT"
  -D "jobmanager.rpc.port=$RPC_PORT"
  -D "execution.checkpointing.dir=file://$STATE_DIR/checkpoints"
  -D "execution.checkpointing.savepoint-dir=file://$STATE_DIR/savepoints"
  -D "io.tmp.dirs=$STATE_DIR/tmp"
)

# Runs BashJavaUtils <command> and stores its two result lines in the globals JVM_PARAMS (heap,
# direct and metaspace limits) and RESOURCE_PROPERTIES (the derived memory sizes as -D pairs,
# which the process must receive so that it uses exactly the sizes the flags were computed for).
compute_resource_params() {
  local command="$1" output results
  output="$("$java_cmd" -cp "$CLASSPATH" org.apache.flink.runtime.util.bash.BashJavaUtils "$command" \
    --configDir "$CONF_DIR" "${SHARED_PROPERTIES[@]}" 2>&1)" \
    || fail "BashJavaUtils $command failed: $output"
  # A log line without a newline can precede the prefix, so keep only what follows it.
  results="$(grep "$EXEC_PREFIX" <<< "$output" | sed "s/.*$EXEC_PREFIX//")" || true
  if [[ "$(grep -c . <<< "$results")" -ne 2 ]]; then
    fail "BashJavaUtils $command returned unexpected output (expected 2 result lines): $output"
  fi
  read -r -a JVM_PARAMS <<< "$(sed -n 1p <<< "$results")"
  read -r -a RESOURCE_PROPERTIES <<< "$(sed -n 2p <<< "$results")"
}

# Starts one Flink process in the background with its logs under $LOG_DIR and its PID in $RUN_DIR.
launch() {
  local name="$1" main_class="$2"
  nohup "$java_cmd" "${JVM_PARAMS[@]}" "${JAVA_OPTS_ALL[@]}" \
    -Dlog.file="$LOG_DIR/$name.log" \
    -Dlog4j.configurationFile="file:$CONF_DIR/log4j.properties" \
    -cp "$CLASSPATH" "$main_class" \
    --configDir "$CONF_DIR" "${SHARED_PROPERTIES[@]}" "${RESOURCE_PROPERTIES[@]}" \
    > "$LOG_DIR/$name.out" 2>&1 < /dev/null &
  echo $! > "$RUN_DIR/$name.pid"
  echo "start.sh: started the $name (PID $!), log $LOG_DIR/$name.log" >&2
}

compute_resource_params GET_JM_RESOURCE_PARAMS
launch jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint

compute_resource_params GET_TM_RESOURCE_PARAMS
launch taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner

# --- Wait for the TaskManager to register -------------------------------------------------------
deadline=$((SECONDS + START_TIMEOUT))
while true; do
  for name in jobmanager taskmanager; do
    if ! kill -0 "$(cat "$RUN_DIR/$name.pid")" 2>/dev/null; then
      echo "start.sh: the $name exited during startup; last lines of $LOG_DIR/$name.out and .log:" >&2
      tail -n 20 "$LOG_DIR/$name.out" "$LOG_DIR/$name.log" >&2 2>/dev/null || true
      "$ROOT/deploy/local-cluster/stop.sh" >&2 || true
      exit 1
    fi
  done
  overview="$(curl -s --max-time 2 "http://127.0.0.1:$REST_PORT/overview" || true)"
  if [[ "$overview" =~ \"taskmanagers\":([0-9]+) ]] && (( BASH_REMATCH[1] >= 1 )); then
    break
  fi
  if (( SECONDS >= deadline )); then
    echo "start.sh: no TaskManager registered within ${START_TIMEOUT}s; logs are in $LOG_DIR" >&2
    "$ROOT/deploy/local-cluster/stop.sh" >&2 || true
    exit 1
  fi
  sleep 1
done

echo "Flink cluster is up: 1 TaskManager registered."
echo "Dashboard and REST API: http://127.0.0.1:$REST_PORT"
echo "Logs: $LOG_DIR   PID files: $RUN_DIR   Checkpoints: $STATE_DIR/checkpoints"
if [[ -n "${STREAMREC_CLUSTER_DIR:-}" ]]; then
  echo "Stop it with: STREAMREC_CLUSTER_DIR=$CLUSTER_DIR $ROOT/deploy/local-cluster/stop.sh"
else
  echo "Stop it with: $ROOT/deploy/local-cluster/stop.sh"
fi
