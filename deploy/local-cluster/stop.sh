#!/usr/bin/env bash
# Stops the local Flink cluster that start.sh started: ends exactly the PIDs in its run folder,
# TaskManager first, with SIGTERM and, after STREAMREC_CLUSTER_STOP_TIMEOUT seconds (default 30),
# SIGKILL. A PID whose process is not the expected Flink entry point (the process ended and the
# PID was reused) is left alone. Jobs still running are cancelled by the shutdown, and their
# retained checkpoints stay in the state folder.
#
# Environment:
#   STREAMREC_CLUSTER_DIR  the same folder start.sh used (default: <checkout>/target/local-cluster)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLUSTER_DIR="${STREAMREC_CLUSTER_DIR:-$ROOT/target/local-cluster}"
RUN_DIR="$CLUSTER_DIR/run"
STOP_TIMEOUT="${STREAMREC_CLUSTER_STOP_TIMEOUT:-30}"

# Ends the process in $RUN_DIR/<name>.pid if its command line runs <main class>.
stop_process() {
  local name="$1" main_class="$2"
  local pid_file="$RUN_DIR/$name.pid" pid
  if [[ ! -f "$pid_file" ]]; then
    echo "stop.sh: no $name PID file in $RUN_DIR" >&2
    return 0
  fi
  pid="$(cat "$pid_file")"
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "stop.sh: the $name (PID $pid) is not running" >&2
    rm -f "$pid_file"
    return 0
  fi
  if ! tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q -F "$main_class"; then
    echo "stop.sh: PID $pid does not run $main_class any more; leaving it alone" >&2
    rm -f "$pid_file"
    return 0
  fi

  kill -TERM "$pid"
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && (( SECONDS < deadline )); do
    sleep 1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "stop.sh: the $name (PID $pid) did not stop within ${STOP_TIMEOUT}s; sending SIGKILL" >&2
    kill -KILL "$pid"
  fi
  rm -f "$pid_file"
  echo "stop.sh: stopped the $name (PID $pid)" >&2
}

stop_process taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner
stop_process jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
