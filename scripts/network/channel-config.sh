# shellcheck shell=bash
# Fabric's node configuration (core.yaml, orderer.yaml) and the channel artifacts: configtx.yaml
# written from network/topology.sh, the orderer genesis block (system channel), the `scf` channel
# creation transaction and each org's anchor-peer update.

CONFIG_DIR="$NETWORK_DIR/config"
ARTIFACTS_DIR="$NETWORK_DIR/channel-artifacts"
FABRIC_VERSION=1.4.12

# Fabric's own sample node configuration, which every node reads and the environment overrides.
# It comes with the Fabric module from the Go module proxy (or beside official binaries).
fabric_sampleconfig() {
  local dir
  if [[ -n "${FABRIC_BIN:-}" && -f "$FABRIC_BIN/../config/core.yaml" ]]; then
    dir="$FABRIC_BIN/../config"
  else
    dir="$(cd "$REPO_ROOT/network/fabric" && go env GOMODCACHE)/github.com/hyperledger/fabric@v$FABRIC_VERSION/sampleconfig"
    [[ -f "$dir/core.yaml" ]] || (cd "$REPO_ROOT/network/fabric" && go mod download github.com/hyperledger/fabric)
  fi
  printf '%s\n' "$dir"
}

write_node_config() {
  [[ -f "$CONFIG_DIR/core.yaml" && -f "$CONFIG_DIR/orderer.yaml" ]] && return 0
  local source
  source=$(fabric_sampleconfig)
  mkdir -p "$CONFIG_DIR"
  cp "$source/core.yaml" "$source/orderer.yaml" "$CONFIG_DIR/"
  chmod u+w "$CONFIG_DIR"/*.yaml
}

orderer_port() { printf '%s\n' $(($(orderer_field "$1" 1) + PORT_OFFSET)); }
orderer_ops_port() { printf '%s\n' $(($(orderer_field "$1" 2) + PORT_OFFSET)); }
orderer_names() { table_keys ORDERERS; }
# orderer_field NAME INDEX: 0 name, 1 port, 2 operations port.
orderer_field() { table_field ORDERERS "$@"; }
orderer_dir() { printf '%s/orderers/%s.%s\n' "$(org_dir orderer)" "$1" "$(org_field orderer 3)"; }
orderer_tls_ca() { printf '%s/msp/tlscacerts/ca.pem\n' "$(org_dir orderer)"; }
# The first row (not `| head -n 1`: under pipefail, a writer that head's early exit cuts off dies of
# SIGPIPE and fails the command; seen with five peer orgs).
first_orderer() { local names; mapfile -t names < <(orderer_names); printf '%s\n' "${names[0]}"; }

peer_orgs() { table_keys PEERS; }
# peer_field ORG INDEX: 0 org, 1 port, 2 chaincode port, 3 operations port, 4 participant kind.
peer_field() { table_field PEERS "$@"; }
peer_port() { printf '%s\n' $(($(peer_field "$1" 1) + PORT_OFFSET)); }
peer_cc_port() { printf '%s\n' $(($(peer_field "$1" 2) + PORT_OFFSET)); }
peer_ops_port() { printf '%s\n' $(($(peer_field "$1" 3) + PORT_OFFSET)); }
peer_host() { printf 'peer0.%s\n' "$(org_field "$1" 3)"; }
peer_dir() { printf '%s/peers/%s\n' "$(org_dir "$1")" "$(peer_host "$1")"; }
admin_dir() { printf '%s/users/Admin@%s\n' "$(org_dir "$1")" "$(org_field "$1" 3)"; }

# Every org's TLS CA: the roots a node accepts client certificates from (mutual TLS).
all_tls_cas() { local org; for org in $(org_keys); do printf '%s/msp/tlscacerts/ca.pem\n' "$(org_dir "$org")"; done; }

org_policies_yaml() {
  local msp=$1 kind=$2
  if [[ $kind == orderer ]]; then
    cat <<YAML
      Readers: { Type: Signature, Rule: "OR('$msp.member')" }
      Writers: { Type: Signature, Rule: "OR('$msp.member')" }
      Admins: { Type: Signature, Rule: "OR('$msp.admin')" }
YAML
  else
    cat <<YAML
      Readers: { Type: Signature, Rule: "OR('$msp.admin', '$msp.peer', '$msp.client')" }
      Writers: { Type: Signature, Rule: "OR('$msp.admin', '$msp.client')" }
      Admins: { Type: Signature, Rule: "OR('$msp.admin')" }
YAML
  fi
}

write_configtx() {
  local org msp kind name out="$ARTIFACTS_DIR/configtx.yaml"
  mkdir -p "$ARTIFACTS_DIR"
  {
    echo "Organizations:"
    for org in $(org_keys); do
      msp=$(org_field "$org" 1)
      kind=$(org_field "$org" 2)
      cat <<YAML
  - &$msp
    Name: $msp
    ID: $msp
    MSPDir: $(org_dir "$org")/msp
    Policies:
$(org_policies_yaml "$msp" "$kind")
YAML
      if [[ $kind == peer ]]; then
        printf '    AnchorPeers:\n      - { Host: 127.0.0.1, Port: %s }\n' "$(peer_port "$org")"
      fi
    done
    cat <<YAML
Capabilities:
  Channel: &ChannelCapabilities { V1_4_3: true }
  Orderer: &OrdererCapabilities { V1_4_2: true }
  Application: &ApplicationCapabilities { V1_4_2: true }
Application: &ApplicationDefaults
  Organizations:
  Policies:
    Readers: { Type: ImplicitMeta, Rule: "ANY Readers" }
    Writers: { Type: ImplicitMeta, Rule: "ANY Writers" }
    Admins: { Type: ImplicitMeta, Rule: "MAJORITY Admins" }
  Capabilities: *ApplicationCapabilities
Orderer: &OrdererDefaults
  OrdererType: etcdraft
  Addresses:
YAML
    for name in $(orderer_names); do printf '    - 127.0.0.1:%s\n' "$(orderer_port "$name")"; done
    cat <<YAML
  BatchTimeout: $BATCH_TIMEOUT
  BatchSize:
    MaxMessageCount: $BATCH_MAX_MESSAGES
    AbsoluteMaxBytes: 10 MB
    PreferredMaxBytes: 2 MB
  EtcdRaft:
    Consenters:
YAML
    for name in $(orderer_names); do
      cat <<YAML
      - Host: 127.0.0.1
        Port: $(orderer_port "$name")
        ClientTLSCert: $(orderer_dir "$name")/tls/cert.pem
        ServerTLSCert: $(orderer_dir "$name")/tls/cert.pem
YAML
    done
    cat <<YAML
    Options:
      TickInterval: 500ms
      ElectionTick: 10
      HeartbeatTick: 1
      MaxInflightBlocks: 5
      SnapshotIntervalSize: 16 MB
  Organizations:
  Policies:
    Readers: { Type: ImplicitMeta, Rule: "ANY Readers" }
    Writers: { Type: ImplicitMeta, Rule: "ANY Writers" }
    Admins: { Type: ImplicitMeta, Rule: "MAJORITY Admins" }
    BlockValidation: { Type: ImplicitMeta, Rule: "ANY Writers" }
Channel: &ChannelDefaults
  Policies:
    Readers: { Type: ImplicitMeta, Rule: "ANY Readers" }
    Writers: { Type: ImplicitMeta, Rule: "ANY Writers" }
    Admins: { Type: ImplicitMeta, Rule: "MAJORITY Admins" }
  Capabilities: *ChannelCapabilities
Profiles:
  OrdererGenesis:
    <<: *ChannelDefaults
    Orderer:
      <<: *OrdererDefaults
      Organizations: [ *$(org_field orderer 1) ]
      Capabilities: *OrdererCapabilities
    Consortiums:
      SCFConsortium:
        Organizations: [ $(peer_msp_refs) ]
  ApplicationChannel:
    Consortium: SCFConsortium
    <<: *ChannelDefaults
    Application:
      <<: *ApplicationDefaults
      Organizations: [ $(peer_msp_refs) ]
      Capabilities: *ApplicationCapabilities
YAML
  } >"$out"
}

peer_msp_refs() {
  local org refs=()
  for org in $(peer_orgs); do refs+=("*$(org_field "$org" 1)"); done
  local IFS=,
  printf '%s\n' "${refs[*]}"
}

configtxgen() { FABRIC_CFG_PATH="$ARTIFACTS_DIR" "$FABRIC_BIN_DIR/configtxgen" "$@" >>"$LOG_DIR/configtxgen.log" 2>&1; }

# write_channel_artifacts: genesis block, channel transaction and anchor-peer updates, once.
write_channel_artifacts() {
  [[ -f "$ARTIFACTS_DIR/genesis.block" ]] && return 0
  write_configtx
  configtxgen -profile OrdererGenesis -channelID "$SYSTEM_CHANNEL_NAME" \
    -outputBlock "$ARTIFACTS_DIR/genesis.block.tmp" || fail configtxgen "genesis block"
  configtxgen -profile ApplicationChannel -channelID "$CHANNEL_NAME" \
    -outputCreateChannelTx "$ARTIFACTS_DIR/$CHANNEL_NAME.tx" || fail configtxgen "channel transaction"
  local org msp
  for org in $(peer_orgs); do
    msp=$(org_field "$org" 1)
    configtxgen -profile ApplicationChannel -channelID "$CHANNEL_NAME" -asOrg "$msp" \
      -outputAnchorPeersUpdate "$ARTIFACTS_DIR/$msp-anchors.tx" || fail configtxgen "anchor update of $msp"
  done
  mv "$ARTIFACTS_DIR/genesis.block.tmp" "$ARTIFACTS_DIR/genesis.block"
}

# topology.json: network/topology.sh as `up` applied it (ports shifted, paths resolved), for tools
# and tests that are not written in bash.
write_topology_json() {
  local org name sep
  {
    printf '{\n  "channel": "%s",\n  "chaincode": "%s",\n  "networkId": "%s",\n' "$CHANNEL_NAME" "$CHAINCODE_NAME" "$NETWORK_ID"
    printf '  "gatewayPort": %s,\n  "orgs": [\n' "$GATEWAY_PORT"
    sep=''
    for org in $(org_keys); do
      printf '%s    {"key": "%s", "mspId": "%s", "kind": "%s", "domain": "%s", "dir": "%s", "caPort": %s, "tlsCaPort": %s, "admin": "%s"}' \
        "$sep" "$org" "$(org_field "$org" 1)" "$(org_field "$org" 2)" "$(org_field "$org" 3)" "$(org_dir "$org")" \
        "$(ca_port "$org" ca)" "$(ca_port "$org" tlsca)" "$(admin_dir "$org")"
      sep=$',\n'
    done
    printf '\n  ],\n  "orderers": [\n'
    sep=''
    for name in $(orderer_names); do
      printf '%s    {"name": "%s", "port": %s, "operationsPort": %s, "dir": "%s"}' \
        "$sep" "$name" "$(orderer_port "$name")" "$(orderer_ops_port "$name")" "$(orderer_dir "$name")"
      sep=$',\n'
    done
    printf '\n  ],\n  "peers": [\n'
    sep=''
    for org in $(peer_orgs); do
      printf '%s    {"org": "%s", "node": "%s", "host": "%s", "port": %s, "chaincodePort": %s, "operationsPort": %s, "dir": "%s"}' \
        "$sep" "$org" "$(peer_node "$org")" "$(peer_host "$org")" "$(peer_port "$org")" "$(peer_cc_port "$org")" \
        "$(peer_ops_port "$org")" "$(peer_dir "$org")"
      sep=$',\n'
    done
    printf '\n  ]\n}\n'
  } >"$NETWORK_DIR/topology.json"
}
