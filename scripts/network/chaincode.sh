# shellcheck shell=bash
# The `receivables` chaincode on Fabric 1.4's lifecycle: packaged (one bundled file, no runtime
# dependencies, so the peers' in-container `npm install` downloads nothing), installed on every
# peer, instantiated on the channel with the chaincode-level policy of chaincode/README.md, and
# upgraded in place by `deploy`. The peers build and run its containers on the engine (engine.sh).

CHAINCODE_PACKAGE="$REPO_ROOT/chaincode/package"

# The chaincode-level policy: a peer of any one member org (chaincode/README.md, "Endorsement").
chaincode_policy() {
  local org refs=()
  for org in $(peer_orgs); do refs+=("'$(org_field "$org" 1).peer'"); done
  (IFS=,; printf 'OR(%s)\n' "${refs[*]}")
}

# org_map_json: the chaincode's org map (chaincode/src/contract/orgs.ts), each peer org's MSP id and
# the kind of participant it registers, from the PEERS rows.
org_map_json() {
  local org sep=''
  printf '{"orgs":['
  for org in $(peer_orgs); do
    printf '%s{"mspId":"%s","kind":"%s"}' "$sep" "$(org_field "$org" 1)" "$(peer_field "$org" 4)"
    sep=,
  done
  printf ']}'
}

# init_args: the `-c` of instantiate and upgrade, whose Init is ConfigureOrgs with the org map; an
# upgrade re-sends it, so an org added to the topology joins the map at `deploy`.
init_args() { printf '{"Args":["ConfigureOrgs","%s"]}' "$(org_map_json | sed 's/"/\\"/g')"; }

package_chaincode() {
  log "packaging chaincode $CHAINCODE_NAME"
  (cd "$REPO_ROOT" && npm run package --workspace chaincode --silent >&2)
}

# instantiated_version: the version instantiated on the channel, empty when none.
instantiated_version() {
  peer_as "$(creator_org)" chaincode list --instantiated -C "$CHANNEL_NAME" 2>/dev/null |
    sed -n "s/^Name: $CHAINCODE_NAME, Version: \([^,]*\),.*/\1/p"
}

installed() {
  peer_as "$1" chaincode list --installed 2>/dev/null | grep -q "^Name: $CHAINCODE_NAME, Version: $2,"
}

install_chaincode() {
  local version=$1 org
  for org in $(peer_orgs); do
    installed "$org" "$version" && continue
    peer_as "$org" chaincode install -n "$CHAINCODE_NAME" -v "$version" -l node -p "$CHAINCODE_PACKAGE" \
      >>"$LOG_DIR/chaincode.log" 2>&1 || fail "$(peer_node "$org")" "install failed (see $LOG_DIR/chaincode.log)"
  done
}

# lifecycle_tx instantiate|upgrade VERSION: sends the lifecycle transaction, then waits until the
# channel reports VERSION (1.4's CLI returns once the orderer took it, before it commits).
lifecycle_tx() {
  local action=$1 version=$2 org orderer
  org=$(creator_org)
  mapfile -t orderer < <(orderer_args "$org")
  peer_as "$org" chaincode "$action" -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" -v "$version" -l node \
    -c "$(init_args)" -P "$(chaincode_policy)" "${orderer[@]}" >>"$LOG_DIR/chaincode.log" 2>&1 ||
    fail "$(peer_node "$org")" "$action of $CHAINCODE_NAME $version failed (see $LOG_DIR/chaincode.log)"
  wait_until "$(peer_node "$org")" 120 test_instantiated "$version"
}

test_instantiated() { [[ "$(instantiated_version)" == "$1" ]]; }

# Each peer builds and starts its container at its first call; doing that now, on all peers at
# once, keeps the first real transaction fast.
warm_chaincode() {
  local org pids=()
  for org in $(peer_orgs); do
    peer_as "$org" chaincode query -C "$CHANNEL_NAME" -n "$CHAINCODE_NAME" \
      -c '{"Args":["org.hyperledger.fabric:GetMetadata"]}' >/dev/null 2>>"$LOG_DIR/chaincode.log" &
    pids+=($!)
  done
  local i=0
  for org in $(peer_orgs); do
    wait "${pids[$i]}" || fail "$(peer_node "$org")" "chaincode container did not start (see $LOG_DIR/chaincode.log; ./test-network.sh logs $(peer_node "$org"))"
    i=$((i + 1))
  done
}


# remove_chaincode_artifacts [CHAINCODE VERSION]: containers and images the peers built for this
# network (names <network id>-<peer>-<chaincode>-<version>[-<hash>]): all of them, or only those
# of one chaincode version.
remove_chaincode_artifacts() {
  local pattern="^/?$NETWORK_ID-" ids
  (($# == 2)) && pattern="^/?$NETWORK_ID-.*-$1-$2(-|$)"
  ids=$(scf_docker ps -a --format '{{.ID}} {{.Names}}' 2>/dev/null | awk -v p="$pattern" '$2 ~ p {print $1}' | sort -u)
  [[ -z "$ids" ]] || scf_docker rm -f $ids >/dev/null
  ids=$(scf_docker images --format '{{.ID}} {{.Repository}}' 2>/dev/null | awk -v p="$pattern" '$2 ~ p {print $1}' | sort -u)
  [[ -z "$ids" ]] || scf_docker rmi -f $ids >/dev/null
}

chaincode_up() {
  if [[ -n "$(instantiated_version)" ]]; then
    warm_chaincode
    return 0
  fi
  # A fresh channel: images left by an earlier network with this id would hold other code.
  remove_chaincode_artifacts
  package_chaincode
  local started=$SECONDS
  install_chaincode 1
  log "instantiating $CHAINCODE_NAME 1 on $CHANNEL_NAME (policy $(chaincode_policy))"
  lifecycle_tx instantiate 1
  warm_chaincode
  log "chaincode installed on $(peer_orgs | wc -l) peers, instantiated and running in $((SECONDS - started)) s"
}

# deploy: the next version of the chaincode, upgraded in place on the running network.
chaincode_deploy() {
  local current next
  current=$(instantiated_version)
  [[ -n "$current" ]] || { log "no $CHAINCODE_NAME instantiated on $CHANNEL_NAME: run '$0 up' first"; exit 1; }
  next=$((current + 1))
  package_chaincode
  install_chaincode "$next"
  log "upgrading $CHAINCODE_NAME $current → $next"
  lifecycle_tx upgrade "$next"
  warm_chaincode
  remove_chaincode_artifacts "$CHAINCODE_NAME" "$current"
}

chaincode_containers() {
  scf_docker ps --format '{{.Names}} {{.Status}}' 2>/dev/null | grep "^$NETWORK_ID-" || true
}
