#!/usr/bin/env bash
# The one entry point for the local SCF Ledger network. See README.md ("Local network").
#
#   ./test-network.sh up [--no-client-auth]  everything from nothing: CAs, orderers, peers, channel,
#                                            chaincode, gateway (idempotent)
#   ./test-network.sh stop | start           stop / restart every process, keeping all state
#   ./test-network.sh down [--purge]         stop everything this script started, delete all state
#                                            (--purge: also the cached images and built binaries)
#   ./test-network.sh deploy                 upgrade the chaincode in place to its next version
#   ./test-network.sh status                 each node, its pid, port, state; channel heights
#   ./test-network.sh logs NODE              a node's log, or a chaincode container's output
#   ./test-network.sh cas                    only the Fabric CAs and the identities they issue
#
# SCF_STATE (default ./.scf) holds all state: crypto material, ledgers, logs, pids.
# SCF_TOPOLOGY (default network/topology.sh) picks the topology `up` builds; later commands on the
# same state use the one `up` recorded.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/scripts/network/common.sh"
for part in ca channel-config orderer peer channel chaincode engine ccimage gateway; do
  # shellcheck source=/dev/null
  source "$REPO_ROOT/scripts/network/$part.sh"
done

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

engine_and_image_up() {
  engine_up
  ccimage_build >/dev/null
}

nodes_up() {
  write_node_config
  write_channel_artifacts
  log "starting orderers"
  start_orderers
  log "starting peers"
  start_peers
}

cmd_up() {
  local arg
  for arg in "$@"; do
    case "$arg" in
      --no-client-auth) mkdir -p "$NETWORK_DIR" && touch "$NETWORK_DIR/no-client-auth" ;;
      *) log "unknown option $arg"; exit 64 ;;
    esac
  done
  local started=$SECONDS
  mkdir -p "$SCF_STATE" && printf '%s\n' "$TOPOLOGY_FILE" >"$TOPOLOGY_RECORD"
  build_project
  "$REPO_ROOT/scripts/install-fabric.sh"
  engine_and_image_up
  cas_up
  write_topology_json
  nodes_up
  log "channel $CHANNEL_NAME"
  channel_up
  chaincode_up
  write_profile
  start_gateway
  cmd_status
  log "up in $((SECONDS - started)) s"
}

cmd_stop() {
  stop_gateway
  stop_peers
  stop_chaincode_containers
  stop_orderers
  stop_cas
  engine_stop
  log "stopped; state kept in $SCF_STATE"
}

stop_chaincode_containers() {
  engine_answers || return 0
  local ids
  ids=$(scf_docker ps -q --filter "name=^$NETWORK_ID-" 2>/dev/null || true)
  [[ -z "$ids" ]] || scf_docker stop $ids >/dev/null
}

cmd_start() {
  [[ -d "$NETWORK_DIR" ]] || { log "no network state in $SCF_STATE: run '$0 up' first"; exit 1; }
  engine_and_image_up
  start_cas
  log "starting orderers and peers"
  start_orderers
  wait_until "$(first_orderer)" 60 raft_leader_elected "$CHANNEL_NAME"
  start_peers
  warm_chaincode
  start_gateway
  cmd_status
}

cmd_down() {
  local purge=false
  [[ "${1:-}" == --purge ]] && purge=true
  stop_gateway
  stop_peers
  # The peers' chaincode containers and images live in the engine's store, which outlives the
  # state folder: a stopped network's own engine is started once more to remove them.
  [[ -d "$NETWORK_DIR" ]] && engine_up
  if engine_answers; then
    remove_chaincode_artifacts
    $purge && ccimage_remove
  fi
  cmd_stop
  engine_cleanup
  rm -rf "$SCF_STATE"
  log "removed $SCF_STATE"
  if $purge; then
    engine_purge
    rm -rf "$REPO_ROOT/network/bin"
    log "removed the cached images and network/bin"
  fi
}

status_row() { printf '%-22s %-8s %-22s %s\n' "$@"; }

node_status() {
  local node=$1 address=$2 pid state=stopped
  pid=$(pid_of "$node")
  is_running "$node" && state=running
  status_row "$node" "${pid:--}" "$address" "$state"
}

cmd_status() {
  local org which name
  status_row NODE PID ADDRESS STATE
  for org in $(org_keys); do
    for which in ca tlsca; do node_status "$(ca_node "$org" "$which")" "127.0.0.1:$(ca_port "$org" "$which")"; done
  done
  for name in $(orderer_names); do node_status "$name" "127.0.0.1:$(orderer_port "$name")"; done
  for org in $(peer_orgs); do node_status "$(peer_node "$org")" "127.0.0.1:$(peer_port "$org")"; done
  engine_status
  node_status gateway "127.0.0.1:$GATEWAY_PORT"
  if [[ -d "$NETWORK_DIR" ]] && is_running "$(peer_node "$(creator_org)")"; then
    echo
    printf '%-22s %s\n' PEER "HEIGHT ON $CHANNEL_NAME"
    for org in $(peer_orgs); do printf '%-22s %s\n' "$(peer_node "$org")" "$(peer_height "$org")"; done
    echo
    echo "CHAINCODE CONTAINERS"
    engine_answers && chaincode_containers
  fi
  return 0
}

# logs NODE: a node's own log, or for a peer also its chaincode containers' output.
cmd_logs() {
  local node=${1:-}
  [[ -n "$node" ]] || { log "usage: $0 logs NODE (see '$0 status')"; exit 64; }
  if [[ -f "$LOG_DIR/$node.log" ]]; then
    cat "$LOG_DIR/$node.log"
  elif engine_answers && scf_docker inspect "$node" >/dev/null 2>&1; then
    scf_docker logs "$node" 2>&1
  else
    log "no log for $node; nodes: $(ls "$LOG_DIR" 2>/dev/null | sed 's/\.log$//' | paste -sd' ' -)"
    log "chaincode containers: $(chaincode_containers | cut -d' ' -f1 | paste -sd' ' -)"
    exit 1
  fi
}

main() {
  local cmd=${1:-}
  shift || true
  case "$cmd" in
    up) cmd_up "$@" ;;
    cas)
      cas_up
      write_profile
      cmd_status
      ;;
    stop) cmd_stop ;;
    start) cmd_start ;;
    down) cmd_down "$@" ;;
    deploy)
      engine_and_image_up
      chaincode_deploy
      ;;
    status) cmd_status ;;
    logs) cmd_logs "$@" ;;
    *) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 64 ;;
  esac
}

main "$@"
