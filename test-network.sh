#!/usr/bin/env bash
# The one entry point for the local SCF Ledger network. See README.md ("Local network").
#
#   ./test-network.sh up                      everything from nothing (idempotent)
#   ./test-network.sh cas                     only the Fabric CAs and the identities they issue
#   ./test-network.sh stop | start            stop / restart every process, keeping all state
#   ./test-network.sh down                    stop every process this script started, delete all state
#   ./test-network.sh status                  each node, its pid, port and state
#
# SCF_STATE (default ./.scf) holds all state: crypto material, ledgers, logs, pids.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/scripts/network/common.sh"
source "$REPO_ROOT/scripts/network/ca.sh"
source "$REPO_ROOT/scripts/network/gateway.sh"

build_project() {
  if [[ ! -d "$REPO_ROOT/node_modules" ]]; then
    log "installing npm dependencies (npm ci)"
    (cd "$REPO_ROOT" && npm ci --no-audit --no-fund >&2)
  fi
  log "building chaincode and gateway"
  (cd "$REPO_ROOT" && npm run build --silent >&2)
}

cas_up() {
  "$REPO_ROOT/scripts/install-fabric.sh" ca
  mkdir -p "$NETWORK_DIR" "$LOG_DIR" "$PID_DIR"
  log "starting Fabric CAs"
  start_cas
  log "issuing identities from the CAs"
  issue_identities
}

# Peers, orderers, channel and chaincode need Fabric's own binaries (scripts/install-fabric.sh fabric).
fabric_nodes_up() {
  if ! "$REPO_ROOT/scripts/install-fabric.sh" fabric; then
    log "FAILED: peers and orderers: Fabric binaries unavailable (see above)."
    log "The CAs, the identities and the gateway are up; the ledger is not. README.md, 'Status', explains."
    return 3
  fi
  log "FAILED: peers and orderers: not yet scripted; see README.md, 'Status'."
  return 3
}

cmd_up() {
  build_project
  cas_up
  write_profile
  local nodes_rc=0
  fabric_nodes_up || nodes_rc=$?
  start_gateway
  cmd_status
  return "$nodes_rc"
}

cmd_stop() {
  stop_gateway
  stop_cas
  log "stopped; state kept in $SCF_STATE"
}

cmd_start() {
  [[ -d "$NETWORK_DIR" ]] || { log "no network state in $SCF_STATE: run '$0 up' first"; exit 1; }
  start_cas
  start_gateway
  cmd_status
}

cmd_down() {
  cmd_stop
  rm -rf "$SCF_STATE"
  log "removed $SCF_STATE"
}

cmd_status() {
  local org which node pid state
  printf '%-22s %-8s %-20s %s\n' NODE PID ADDRESS STATE
  for org in $(org_keys); do
    for which in ca tlsca; do
      node=$(ca_node "$org" "$which")
      pid=$(pid_of "$node")
      state=stopped
      is_running "$node" && state=running
      printf '%-22s %-8s %-20s %s\n' "$node" "${pid:--}" "127.0.0.1:$(ca_port "$org" "$which")" "$state"
    done
  done
  pid=$(pid_of gateway)
  state=stopped
  is_running gateway && state=running
  printf '%-22s %-8s %-20s %s\n' gateway "${pid:--}" "127.0.0.1:$GATEWAY_PORT" "$state"
}

main() {
  case "${1:-}" in
    up) cmd_up ;;
    cas) cas_up && write_profile && cmd_status ;;
    stop) cmd_stop ;;
    start) cmd_start ;;
    down) cmd_down ;;
    status) cmd_status ;;
    *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64 ;;
  esac
}

main "$@"
