#!/usr/bin/env bash
# Copies the jars a job ships (io.streamrec.jobs.deploy.JobJars) into target/usrlib, the build
# context of deploy/kubernetes/Dockerfile; the jobs jar is renamed to streamrec-jobs.jar.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JOBS_TARGET="$ROOT/jobs/target"
OUT="$ROOT/target/usrlib"

JOBS_JAR="$(ls "$JOBS_TARGET"/streamrec-jobs-*.jar 2>/dev/null | grep -v -e '-tests.jar' | head -n 1 || true)"
if [[ -z "$JOBS_JAR" || ! -d "$JOBS_TARGET/lib" ]]; then
  echo "stage-usrlib.sh: build output missing; run: mvn -B -DskipTests -pl jobs -am package" >&2
  exit 1
fi

rm -rf "$OUT"
mkdir -p "$OUT"
java -cp "$JOBS_JAR:$JOBS_TARGET/lib/*" io.streamrec.jobs.deploy.JobJars --shipped "$JOBS_TARGET" \
  | tr ':' '\n' | while read -r jar; do
    if [[ "$jar" == "$JOBS_JAR" ]]; then
      cp "$jar" "$OUT/streamrec-jobs.jar"
    else
      cp "$jar" "$OUT/"
    fi
  done
echo "stage-usrlib.sh: $(ls "$OUT" | wc -l) jars in $OUT" >&2
