# shellcheck shell=bash
# One peer per peer org: LevelDB state, mutual TLS, operations endpoint, chaincode built and run by
# the container engine (engine.sh) from the locally built image (ccimage.sh), host networking.

peer_node() { printf 'peer.%s\n' "$1"; }

peer_env() {
  local org=$1 dir tls host
  dir=$(peer_dir "$org")
  tls="$dir/tls"
  host=$(peer_host "$org")
  cat <<ENV
FABRIC_CFG_PATH=$CONFIG_DIR
FABRIC_LOGGING_SPEC=${SCF_PEER_LOGGING:-info}
CORE_PEER_ID=$host
CORE_PEER_NETWORKID=$NETWORK_ID
CORE_PEER_LISTENADDRESS=127.0.0.1:$(peer_port "$org")
CORE_PEER_ADDRESS=127.0.0.1:$(peer_port "$org")
CORE_PEER_CHAINCODELISTENADDRESS=127.0.0.1:$(peer_cc_port "$org")
CORE_PEER_CHAINCODEADDRESS=127.0.0.1:$(peer_cc_port "$org")
CORE_PEER_GOSSIP_BOOTSTRAP=127.0.0.1:$(peer_port "$org")
CORE_PEER_GOSSIP_EXTERNALENDPOINT=127.0.0.1:$(peer_port "$org")
CORE_PEER_GOSSIP_USELEADERELECTION=true
CORE_PEER_GOSSIP_ORGLEADER=false
CORE_PEER_LOCALMSPID=$(org_field "$org" 1)
CORE_PEER_MSPCONFIGPATH=$dir/msp
CORE_PEER_FILESYSTEMPATH=$NETWORK_DIR/data/$(peer_node "$org")
CORE_PEER_TLS_ENABLED=true
CORE_PEER_TLS_CERT_FILE=$tls/cert.pem
CORE_PEER_TLS_KEY_FILE=$tls/key.pem
CORE_PEER_TLS_ROOTCERT_FILE=$tls/ca.pem
CORE_PEER_TLS_CLIENTAUTHREQUIRED=$(client_auth_required)
CORE_PEER_TLS_CLIENTROOTCAS_FILES=$(all_tls_cas | paste -sd' ' -)
CORE_PEER_TLS_CLIENTCERT_FILE=$tls/cert.pem
CORE_PEER_TLS_CLIENTKEY_FILE=$tls/key.pem
CORE_LEDGER_STATE_STATEDATABASE=goleveldb
CORE_OPERATIONS_LISTENADDRESS=127.0.0.1:$(peer_ops_port "$org")
CORE_OPERATIONS_TLS_ENABLED=true
CORE_OPERATIONS_TLS_CERT_FILE=$tls/cert.pem
CORE_OPERATIONS_TLS_KEY_FILE=$tls/key.pem
CORE_OPERATIONS_TLS_CLIENTAUTHREQUIRED=true
CORE_OPERATIONS_TLS_CLIENTROOTCAS_FILES=$tls/ca.pem
CORE_METRICS_PROVIDER=prometheus
CORE_VM_ENDPOINT=$SCF_DOCKER_HOST
CORE_VM_DOCKER_HOSTCONFIG_NETWORKMODE=host
CORE_VM_DOCKER_ATTACHSTDOUT=${SCF_CHAINCODE_ATTACH_STDOUT:-false}
CORE_CHAINCODE_BUILDER=$SCF_CCENV_IMAGE
CORE_CHAINCODE_NODE_RUNTIME=$SCF_CCENV_IMAGE
CORE_CHAINCODE_LOGGING_LEVEL=info
CORE_CHAINCODE_LOGGING_SHIM=${SCF_CHAINCODE_SHIM_LOGGING:-warning}
ENV
}

# Mutual TLS is on unless `up --no-client-auth` recorded otherwise for this network.
client_auth_required() {
  if [[ -f "$NETWORK_DIR/no-client-auth" ]]; then echo false; else echo true; fi
}

peer_ready() { ops_get "$1" "$(peer_ops_port "$1")" /healthz; }

start_peers() {
  local org env
  for org in $(peer_orgs); do
    mkdir -p "$NETWORK_DIR/data/$(peer_node "$org")"
    mapfile -t env < <(peer_env "$org")
    start_process "$(peer_node "$org")" "$NETWORK_DIR/data/$(peer_node "$org")" env "${env[@]}" \
      "$FABRIC_BIN_DIR/peer" node start
  done
  for org in $(peer_orgs); do wait_until "$(peer_node "$org")" 60 peer_ready "$org"; done
}

stop_peers() {
  local org nodes=()
  for org in $(peer_orgs); do nodes+=("$(peer_node "$org")"); done
  stop_processes "${nodes[@]}"
}

# peer_as ORG ARGS...: the peer CLI as ORG's admin, talking to ORG's peer with mutual TLS.
peer_as() {
  local org=$1 admin
  shift
  admin=$(admin_dir "$org")
  env FABRIC_CFG_PATH="$CONFIG_DIR" FABRIC_LOGGING_SPEC=warning \
    CORE_PEER_LOCALMSPID="$(org_field "$org" 1)" CORE_PEER_ADDRESS="127.0.0.1:$(peer_port "$org")" \
    CORE_PEER_MSPCONFIGPATH="$admin/msp" CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_ROOTCERT_FILE="$(org_dir "$org")/msp/tlscacerts/ca.pem" \
    CORE_PEER_TLS_CLIENTAUTHREQUIRED=true CORE_PEER_TLS_CLIENTCERT_FILE="$admin/tls/cert.pem" \
    CORE_PEER_TLS_CLIENTKEY_FILE="$admin/tls/key.pem" \
    "$FABRIC_BIN_DIR/peer" "$@"
}

# peer_height ORG: the block height of ORG's peer on the application channel ("-" when unknown).
peer_height() {
  local info
  info=$(peer_as "$1" channel getinfo -c "$CHANNEL_NAME" 2>/dev/null) || { echo -; return 0; }
  sed -n 's/.*"height":\([0-9]*\).*/\1/p' <<<"$info"
}
