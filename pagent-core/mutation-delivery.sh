#!/usr/bin/env bash
# Mutation testing (PIT) of pagent-core's delivery layer, one group of classes at a time: each group
# runs only the fast tests that exercise its classes, so a mutant costs seconds instead of minutes.
# Prints killed / total per class and in all, and fails below 85 % in all.
#
#   pagent-core/mutation-delivery.sh              every group (an hour or more on 2 idle cores: limit took 2.4 min, listener 14 min, mostly mutants that hang until PIT times them out)
#   pagent-core/mutation-delivery.sh gate sender  only these groups
#
# Reports: pagent-core/target/pit-reports/<group>/index.html (the Maven log next to it). A rerun of
# one group replaces that group's report; the summary adds up the latest report of every group.
set -euo pipefail
cd "$(dirname "$0")/.."
export MAVEN_OPTS="${MAVEN_OPTS:--Xmx1g}"

P=ai.pagent
I=ai.pagent.internal
# name | classes to mutate | tests to run
SETS=(
    "client|$I.Endpoints*,$I.ClientSettings*,$P.PagentClient*,$P.PagentStats*|$I.EndpointsTest,$P.PagentClientTest,$P.PagentStatsTest,$P.SettingRulesTest,$P.ClientResourcesTest,$P.ClientThreadsTest,$P.AdaptiveInFlightTest"
    "gate|$I.SendGate*|$I.SendGate*Test"
    "transport|$I.HttpTransport*|$I.HttpTransport*Test,$P.RequestObserverTest,$P.PagentClientTest"
    "sender|$I.BatchSender*|$P.DeliveryPolicyTest,$P.DeliveryAnswersTest,$P.DeliveryCloseTest,$P.HalfOpenProbeTest,$P.PauseReasonsTest,$P.SingleBadEventTest,$I.RequestBytesCapTest,$I.FullJitterTest,$I.BatchSenderScheduleTest,$I.BatchSenderSignalsTest"
    "listener|$I.ListenerInvoker*,$I.Outcomes*|$I.ListenerInvokerTest,$I.ListenerQueueRoomTest,$I.ListenerWaitsTest,$I.OutcomesTest,$P.ListenerPromiseTest,$P.DeliveryAnswersTest,$P.DeliveryCloseTest"
    "dispatch|$I.BatchDispatcher*,$I.BatchFormer*,$I.DeliveryProgress*,$I.SenderPool*|$I.BatchFormerWakeUpTest,$I.BatchFormerRejectionTest,$I.SenderTakesNextBatchTest,$I.DispatcherWarningsTest,$I.DeliveryProgressTest,$I.SenderPoolTest,$I.SenderThreadStartTest,$I.TrackDuringCloseTest,$P.ClientThreadsTest,$P.DeliveryCloseTest,$P.ListenerPromiseTest,$P.DeliveryTest,$P.SpoolClientTest,$P.ClientResourcesTest"
    "limit|$I.InFlightLimit*|$I.InFlightLimit*Test,$P.AdaptiveInFlightTest,$P.RateLimitedBacklogTest"
)

want=("$@")
reports="$PWD/pagent-core/target/pit-reports"
for g in "${SETS[@]}"; do
    IFS='|' read -r name classes tests <<<"$g"
    if [ ${#want[@]} -gt 0 ] && [[ ! " ${want[*]} " =~ " $name " ]]; then
        continue
    fi
    echo "== $name: $classes"
    started=$(date +%s)
    mkdir -p "$reports"
    if ! ./mvnw -B -ntp -P mutation,mutation-delivery -pl pagent-core -am test-compile \
        org.pitest:pitest-maven:mutationCoverage \
        -Dpit.delivery.classes="$classes" -Dpit.delivery.tests="$tests" \
        -DreportsDirectory="$reports/$name" -Dpit.delivery.threshold=0 \
        >"$reports/$name.log" 2>&1; then
        tail -40 "$reports/$name.log"
        exit 1
    fi
    echo "   $name took $(($(date +%s) - started)) s (load: $(cut -d' ' -f1-3 /proc/loadavg))"
done

python3 - "$reports" <<'EOF'
import glob, os, sys, xml.etree.ElementTree as ET
from collections import defaultdict
rows = defaultdict(lambda: [0, 0, 0])  # class: killed, total, no coverage
for f in glob.glob(os.path.join(sys.argv[1], "*", "mutations.xml")):
    for m in ET.parse(f).getroot().iter("mutation"):
        c = m.findtext("mutatedClass").split("$")[0].rsplit(".", 1)[-1]
        r = rows[c]
        r[0] += m.get("detected") == "true"
        r[1] += 1
        r[2] += m.get("status") == "NO_COVERAGE"
killed = sum(r[0] for r in rows.values()); total = sum(r[1] for r in rows.values())
covered = total - sum(r[2] for r in rows.values())
for c, (k, t, n) in sorted(rows.items()):
    print(f"{c:20} {k:4} / {t:4} killed  {100 * k / t:5.1f} %   strength {100 * k / max(1, t - n):5.1f} %")
print(f"{'all':20} {killed:4} / {total:4} killed  {100 * killed / max(1, total):5.1f} %"
      f"   strength {100 * killed / max(1, covered):5.1f} %")
sys.exit(0 if total and killed * 100 >= 85 * total else 1)
EOF
