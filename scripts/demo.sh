#!/usr/bin/env bash
# The AIOS Edge demo on one machine: an MQTT broker (Mosquitto when installed, else HiveMQ CE embedded in a JVM of
# its own),
# a cloud worker (features/cloud-worker) and the standalone gateway (features/gateway) whose job reads a simulated
# vibration sensor and runs each window by joint inference: the gateway's edge model answers when it is confident,
# doubtful windows are escalated to the worker's cloud model. The live log shows every placement and answer.
#
#   scripts/demo.sh                 runs until Ctrl-C
#   DEMO_SECONDS=60 scripts/demo.sh runs for 60 s
#   DEMO_PORT=18900 DEMO_BROKER=embedded scripts/demo.sh   (the broker of scripts/demo even where Mosquitto exists)
#
# Builds what is missing first (mvn install of the two distributions). Logs stay in the work folder it prints.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
port="${DEMO_PORT:-18883}"
seconds="${DEMO_SECONDS:-0}"
tenant=demo
broker_url="tcp://127.0.0.1:${port}"
gateway_jar="$root/features/gateway/target/aiosedge-gateway.jar"
worker_jar="$root/features/cloud-worker/target/cloud-worker/aiosedge-cloud-worker.jar"
tools_cp_file="$root/scripts/demo/target/classpath.txt"

if [[ ! -f "$gateway_jar" || ! -f "$worker_jar" ]]; then
    echo "building the gateway and the cloud worker distributions (mvn install, once) ..."
    (cd "$root" && mvn -B -q install -DskipTests -pl features/gateway,features/cloud-worker -am)
fi
if [[ ! -f "$tools_cp_file" ]]; then
    (cd "$root" && mvn -B -q -f scripts/demo/pom.xml package)
fi
tools_cp="$root/scripts/demo/target/classes:$(cat "$tools_cp_file")"

if (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
    echo "port ${port} is taken: set DEMO_PORT to a free one" >&2
    exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/aios-demo.XXXXXX")"
pids=()
cleanup() {
    echo
    echo "stopping (logs in $work) ..."
    for (( i=${#pids[@]}-1; i>=0; i-- )); do
        local pid="${pids[$i]}"
        kill "$pid" 2>/dev/null || continue
        for _ in $(seq 1 150); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    done
    # the nodes' framework caches are large; the logs stay
    rm -rf "$work/worker" "$work/gateway" "$work/broker"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE

# ---- broker
mosquitto_bin="$(command -v mosquitto || true)"
[[ -z "$mosquitto_bin" && -x /usr/sbin/mosquitto ]] && mosquitto_bin=/usr/sbin/mosquitto
if [[ "${DEMO_BROKER:-}" != "embedded" && -n "$mosquitto_bin" ]]; then
    printf 'listener %s 127.0.0.1\nallow_anonymous true\nset_tcp_nodelay true\n' "$port" > "$work/mosquitto.conf"
    "$mosquitto_bin" -c "$work/mosquitto.conf" > "$work/broker.log" 2>&1 &
    echo "broker: Mosquitto on $broker_url"
else
    java -cp "$tools_cp" io.aiosedge.demo.DemoBroker "$port" "$work/broker" > "$work/broker.log" 2>&1 &
    echo "broker: HiveMQ CE embedded (in its own JVM) on $broker_url"
fi
pids+=($!)
for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null && break
    sleep 0.1
done

# ---- cloud worker
AIOS_BROKER_URL="$broker_url" AIOS_TENANT="$tenant" AIOS_WORKER_ID=worker-1 AIOS_THREADS=2 \
    AIOS_DATA_DIR="$work/worker" AIOS_LOG_TASKS=true \
    java -Xmx512m -jar "$worker_jar" > "$work/worker.log" 2>&1 &
pids+=($!)
echo "cloud worker: worker-1 (log $work/worker.log)"

# ---- gateway: the standalone distribution with the demo's settings on top of its defaults
cat > "$work/demo-gateway.json" <<JSON
{
  "io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint~io.aiosedge.cloudsync.mqtt.MqttCloudEndpoint": {
    "kura.cloud.connection.factory.pid": "io.aiosedge.cloudsync.mqtt.MqttCloudConnectionFactory",
    "broker.url": "$broker_url",
    "client.id": "gateway-1",
    "tenant": "$tenant",
    "outbox.directory": "\${data}/outbox",
    "reconnect.min.delay.ms": 500,
    "reconnect.max.delay.ms": 5000
  },
  "io.aiosedge.scheduler.TaskScheduler": {
    "policy": "joint-inference",
    "local.node.id": "gateway",
    "local.slots:Integer": 1,
    "joint.confidence.threshold": 0.8,
    "offload.timeout.ms": 3000
  },
  "io.aiosedge.scheduler.Job~anomaly-job": {
    "job.name": "anomaly-job",
    "Driver.target": "(kura.service.pid=sim-1)",
    "CloudPublisher.target": "(kura.service.pid=anomaly-results)",
    "channels": "vibration:DOUBLE:shape=SINE,amplitude=1.2,offset=3,period.ms=30000,noise.sigma=0.1,anomaly.rate.per.hour=120,anomaly.magnitude=1.5,anomaly.duration.ms=8000",
    "window.samples:Integer": 64,
    "trigger.rate.ms": 20,
    "task.kind": "anomaly",
    "task.model": "anomaly-cloud",
    "task.edge.model": "anomaly-edge",
    "task.deadline.ms": 3000,
    "task.priority:Integer": 5,
    "task.locality": "ANY",
    "anomaly.threshold": 0.5
  }
}
JSON
http_port=$((port + 1))
java -Xmx512m -jar "$gateway_jar" --data "$work/gateway" --config "$work/demo-gateway.json" --no-shell \
    --http-port "$http_port" > "$work/gateway.log" 2>&1 &
pids+=($!)
echo "gateway: gateway-1, web console http://localhost:${http_port}/system/console (user admin; the password is on the \"web console:\" line of $work/gateway.log), output $work/gateway.log, log $work/gateway/log/aiosedge-gateway.log"
echo "starting (the worker and the gateway need a few seconds) ..."
echo

# ---- live log (in the foreground)
java -cp "$tools_cp" io.aiosedge.demo.LiveLog "$broker_url" "$tenant" "$seconds"
