#!/usr/bin/env bash
# Builds and runs the benchmark suite (pagent, Segment, OpenTelemetry; each in its own JVMs) and
# prints the pagent / peer table, then runs issue 8's outage scenario for each SDK. About 12 minutes
# on a 2-core machine. See README.md.
#
#   benchmarks/run.sh                 # the full suite
#   QUICK=1 benchmarks/run.sh         # one short iteration each: checks that everything runs
#   SKIP_BUILD=1 benchmarks/run.sh    # reuse the jars in */target
#   MVN_ARGS=-o benchmarks/run.sh     # extra Maven arguments (here: offline)
#   ONLY=outage benchmarks/run.sh     # only the outage scenario (ONLY=jmh: only the JMH suite)
#   ONLY=drain benchmarks/run.sh      # only issue 12's backlog drain (100 000 events; loopback, 50 ms, 429s,
#                                     # and side by side with OpenTelemetry into the counting ingest)
#
# Output: benchmarks/target/run-<time>/{run.log,pagent.json,segment.json,otel.json,table.txt}
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
out="$here/target/run-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
log="$out/run.log"

if [[ -z "${SKIP_BUILD:-}" ]]; then
  echo "== building (pagent-core, pagent-test and the benchmark jars)"
  (cd "$root" && ./mvnw -B -q ${MVN_ARGS:-} -DskipTests -Dspotless.skip=true \
      -pl benchmarks/pagent,benchmarks/segment,benchmarks/otel -am package)
fi

if [[ -n "${QUICK:-}" ]]; then
  jmh_opts=(-f 1 -wi 1 -w 1s -i 1 -r 1s)
else
  jmh_opts=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
fi
profilers=(-prof gc -prof ai.pagent.benchmarks.harness.CallerAllocation)
# JMH refuses to start while another JMH run holds /tmp/jmh.lock (any project's, on a shared machine);
# runs still disturb each other's numbers, so check `uptime` before trusting them.

{
  echo "== $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(uname -n): $(nproc) cores, $(java -version 2>&1 | head -1)"
  echo "== load before the run: $(uptime)"
} | tee "$log"

if [[ "${ONLY:-jmh}" == jmh || -z "${ONLY:-}" ]]; then
  for sdk in pagent segment otel; do
    jar="$here/$sdk/target/benchmarks.jar"
    echo "== $sdk: JMH (caller cost, drop path, JSON encoding, end-to-end bursts)" | tee -a "$log"
    java -Djmh.ignoreLock=true -jar "$jar" "${jmh_opts[@]}" "${profilers[@]}" -rf json -rff "$out/$sdk.json" \
        'CallerCost|DropPath|Encoding|EndToEnd' 2>&1 | tee -a "$log"
    echo "== $sdk: retained heap per queued event" | tee -a "$log"
    java -Xms2g -Xmx2g -cp "$jar" "ai.pagent.benchmarks.$sdk.Retained" 2>&1 | tee -a "$log"
  done

  echo "== pagent: PagentFilter overhead per request" | tee -a "$log"
  java -Djmh.ignoreLock=true -jar "$here/pagent/target/benchmarks.jar" "${jmh_opts[@]}" -prof gc -rf json -rff "$out/pagent-filter.json" \
      'FilterOverhead' 2>&1 | tee -a "$log"
fi

if [[ "${ONLY:-outage}" == outage || -z "${ONLY:-}" ]]; then
  # Issue 8: 20 000 events paced over 10 s, the ingest answering 503 from second 2 to 7, then close().
  # pagent's ingest is FakeIngest (outage(503) / endOutage()); the peers' is CountingIngest's outage.
  for sdk in pagent segment otel; do
    echo "== $sdk: outage scenario" | tee -a "$log"
    java -Xms1g -Xmx1g -cp "$here/$sdk/target/benchmarks.jar" "ai.pagent.benchmarks.$sdk.Outage" 2>&1 \
        | grep -v ' DEBUG ' | tee -a "$log"
  done
fi

if [[ "${ONLY:-drain}" == drain || -z "${ONLY:-}" ]]; then
  # Issue 12: a 100 000-event backlog drained into FakeIngest, adaptive in-flight limit vs fixed at 2,
  # and into the counting ingest side by side with OpenTelemetry's big-queue processor (DRAIN_ARGS:
  # pagent scenarios only, e.g. DRAIN_ARGS=rateLimited).
  echo "== pagent: backlog drain" | tee -a "$log"
  java -Xms1g -Xmx1g -cp "$here/pagent/target/benchmarks.jar" ai.pagent.benchmarks.pagent.Drain ${DRAIN_ARGS:-} 2>&1 \
      | grep -v ' DEBUG ' | tee -a "$log"
  if [[ -z "${DRAIN_ARGS:-}" ]]; then
    echo "== otel: backlog drain" | tee -a "$log"
    java -Xms1g -Xmx1g -cp "$here/otel/target/benchmarks.jar" ai.pagent.benchmarks.otel.Drain 2>&1 \
        | grep -v ' DEBUG ' | tee -a "$log"
  fi
fi

echo "== load after the run: $(uptime)" | tee -a "$log"
echo | tee -a "$log"
java -cp "$here/pagent/target/benchmarks.jar" ai.pagent.benchmarks.harness.Report "$out" | tee "$out/table.txt" | tee -a "$log"
echo "Full output: $log"
