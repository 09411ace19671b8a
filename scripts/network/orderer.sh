# shellcheck shell=bash
# The ordering service: etcdraft nodes of the orderer org, mutual TLS on the client, cluster and
# operations endpoints, the system channel from the genesis block.

orderer_env() {
  local name=$1 dir tls client_cas
  dir=$(orderer_dir "$name")
  tls="$dir/tls"
  client_cas=$(all_tls_cas | paste -sd, -)
  local data="$NETWORK_DIR/data/$name"
  cat <<ENV
FABRIC_CFG_PATH=$CONFIG_DIR
FABRIC_LOGGING_SPEC=${SCF_ORDERER_LOGGING:-info}
ORDERER_GENERAL_LISTENADDRESS=127.0.0.1
ORDERER_GENERAL_LISTENPORT=$(orderer_port "$name")
ORDERER_GENERAL_GENESISMETHOD=file
ORDERER_GENERAL_GENESISFILE=$ARTIFACTS_DIR/genesis.block
ORDERER_GENERAL_LOCALMSPID=$(org_field orderer 1)
ORDERER_GENERAL_LOCALMSPDIR=$dir/msp
ORDERER_GENERAL_TLS_ENABLED=true
ORDERER_GENERAL_TLS_CERTIFICATE=$tls/cert.pem
ORDERER_GENERAL_TLS_PRIVATEKEY=$tls/key.pem
ORDERER_GENERAL_TLS_ROOTCAS=[$tls/ca.pem]
ORDERER_GENERAL_TLS_CLIENTAUTHREQUIRED=true
ORDERER_GENERAL_TLS_CLIENTROOTCAS=[$client_cas]
ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE=$tls/cert.pem
ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY=$tls/key.pem
ORDERER_GENERAL_CLUSTER_ROOTCAS=[$tls/ca.pem]
ORDERER_FILELEDGER_LOCATION=$data/ledger
ORDERER_CONSENSUS_WALDIR=$data/etcdraft/wal
ORDERER_CONSENSUS_SNAPDIR=$data/etcdraft/snapshot
ORDERER_OPERATIONS_LISTENADDRESS=127.0.0.1:$(orderer_ops_port "$name")
ORDERER_OPERATIONS_TLS_ENABLED=true
ORDERER_OPERATIONS_TLS_CERTIFICATE=$tls/cert.pem
ORDERER_OPERATIONS_TLS_PRIVATEKEY=$tls/key.pem
ORDERER_OPERATIONS_TLS_CLIENTAUTHREQUIRED=true
ORDERER_OPERATIONS_TLS_CLIENTROOTCAS=[$tls/ca.pem]
ORDERER_METRICS_PROVIDER=prometheus
ENV
}

# ops_get ORG PORT PATH: GET on a node's operations endpoint, as the org admin (mutual TLS).
ops_get() {
  local org=$1 port=$2 path=$3 admin
  admin=$(admin_dir "$org")
  curl -sf --cacert "$(org_dir "$org")/msp/tlscacerts/ca.pem" --cert "$admin/tls/cert.pem" \
    --key "$admin/tls/key.pem" "https://127.0.0.1:$port$path"
}

orderer_ready() { ops_get orderer "$(orderer_ops_port "$1")" /healthz; }

start_orderers() {
  local name env
  for name in $(orderer_names); do
    mkdir -p "$NETWORK_DIR/data/$name"
    mapfile -t env < <(orderer_env "$name")
    start_process "$name" "$NETWORK_DIR/data/$name" env "${env[@]}" "$FABRIC_BIN_DIR/orderer"
  done
  for name in $(orderer_names); do wait_until "$name" 60 orderer_ready "$name"; done
}

stop_orderers() {
  local names
  mapfile -t names < <(orderer_names)
  stop_processes "${names[@]}"
}

# orderer_args: the flags the peer CLI needs to reach the ordering service with mutual TLS.
orderer_args() {
  local org=$1 admin
  admin=$(admin_dir "$org")
  printf '%s\n' -o "127.0.0.1:$(orderer_port "$(first_orderer)")" --tls --cafile "$(orderer_tls_ca)" \
    --clientauth --certfile "$admin/tls/cert.pem" --keyfile "$admin/tls/key.pem"
}

# raft_leader_elected CHANNEL: one of the running orderers reports itself the channel's Raft leader
# (until then the ordering service refuses every broadcast with SERVICE_UNAVAILABLE).
raft_leader_elected() {
  local name
  for name in $(orderer_names); do
    is_running "$name" || continue
    ops_get orderer "$(orderer_ops_port "$name")" /metrics 2>/dev/null |
      grep -q "^consensus_etcdraft_is_leader{channel=\"$1\"} 1$" && return 0
  done
  return 1
}
