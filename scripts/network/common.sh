# shellcheck shell=bash
# Shared helpers of test-network.sh: paths, logging, and process management by pid.
# Every process this network starts runs in its own session (setsid), so its pid is also its
# process-group id: stopping it by pid also stops the children it spawned, and nothing else.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SCF_STATE=${SCF_STATE:-$REPO_ROOT/.scf}
# The topology (orgs, nodes, ports): SCF_TOPOLOGY, else the file `up` recorded for this state (so
# every later command on it sees the same nodes), else network/topology.sh.
TOPOLOGY_RECORD="$SCF_STATE/topology-file"
TOPOLOGY_FILE=${SCF_TOPOLOGY:-$(cat "$TOPOLOGY_RECORD" 2>/dev/null || printf '%s' "$REPO_ROOT/network/topology.sh")}
TOPOLOGY_FILE=$(realpath "$TOPOLOGY_FILE")
# shellcheck source=../../network/topology.sh
source "$TOPOLOGY_FILE"
NETWORK_DIR="$SCF_STATE/network"
LOG_DIR="$SCF_STATE/logs"
PID_DIR="$SCF_STATE/pids"
BIN_DIR=${FABRIC_CA_BIN:-$REPO_ROOT/network/bin}
FABRIC_BIN_DIR=${FABRIC_BIN:-$REPO_ROOT/network/bin}
CA_REGISTRAR_SECRET=${SCF_CA_REGISTRAR_SECRET:-adminpw}
# Shifts every port, so a second network (e.g. the test suite's) can run beside a developer's.
PORT_OFFSET=${SCF_PORT_OFFSET:-0}
GATEWAY_PORT=$((GATEWAY_PORT + PORT_OFFSET))
# Chaincode containers are named after it, so two networks on one engine never share one.
NETWORK_ID=scf$PORT_OFFSET

log() { printf '[test-network] %s\n' "$*" >&2; }

# fail NODE MESSAGE: reports which node failed with the tail of its log, then exits non-zero.
fail() {
  local node=$1; shift
  log "FAILED: $node: $*"
  if [[ -f "$LOG_DIR/$node.log" ]]; then
    log "last lines of $LOG_DIR/$node.log:"
    tail -n 20 "$LOG_DIR/$node.log" | sed 's/^/    /' >&2
  fi
  exit 1
}

pid_of() { cat "$PID_DIR/$1.pid" 2>/dev/null || true; }

is_running() {
  local pid
  pid=$(pid_of "$1")
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

# start_process NODE DIR CMD...: starts CMD in DIR in its own session, logging to LOG_DIR/NODE.log.
start_process() {
  local node=$1 dir=$2; shift 2
  if is_running "$node"; then
    return 0
  fi
  mkdir -p "$LOG_DIR" "$PID_DIR"
  (cd "$dir" && exec setsid "$@" >>"$LOG_DIR/$node.log" 2>&1 </dev/null) &
  echo $! >"$PID_DIR/$node.pid"
}

# stop_processes NODE...: TERM to each process group this script started, then KILL what is
# still alive after 10 s. Signals go out together so the waits overlap.
stop_processes() {
  local node pid pids=() waited=0
  for node in "$@"; do
    pid=$(pid_of "$node")
    rm -f "$PID_DIR/$node.pid"
    [[ -n "$pid" ]] || continue
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || continue
    pids+=("$pid")
  done
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do
      if ((waited >= 100)); then
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep 0.1
      waited=$((waited + 1))
    done
  done
}

# wait_until NODE TIMEOUT_S CMD...: polls CMD until it succeeds; fails the node if it dies or times out.
wait_until() {
  local node=$1 timeout=$2; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    is_running "$node" || fail "$node" "process exited"
    ((SECONDS < deadline)) || fail "$node" "not ready after ${timeout}s"
    sleep 0.2
  done
}

# table_field TABLE KEY INDEX: one column of the row whose first column is KEY, in one of the
# topology's tables (ORGS, ORDERERS, PEERS; network/topology.sh names their columns).
table_field() {
  local -n table=$1
  local row fields
  for row in "${table[@]}"; do
    read -r -a fields <<<"$row"
    if [[ "${fields[0]}" == "$2" ]]; then
      printf '%s\n' "${fields[$3]}"
      return 0
    fi
  done
  return 1
}

# table_keys TABLE: the first column of every row.
table_keys() {
  local -n table=$1
  local row fields
  for row in "${table[@]}"; do
    read -r -a fields <<<"$row"
    printf '%s\n' "${fields[0]}"
  done
}

# org_field KEY INDEX: 0 key, 1 MSP id, 2 kind, 3 domain, 4 CA port, 5 TLS CA port.
org_field() { table_field ORGS "$@"; }
org_keys() { table_keys ORGS; }

# apt_install PACKAGE...: Debian packages the network needs; a fresh machine has no package lists
# yet, so a failed install is retried once after `apt-get update`.
apt_install() {
  local apt=(apt-get -o DPkg::Lock::Timeout=300)
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "$@" >&2 && return 0
  "${apt[@]}" update -qq >&2 && DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "$@" >&2
}
