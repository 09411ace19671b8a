# shellcheck shell=bash
# Fabric CAs (one enrollment CA and one TLS CA per organization) and every identity they issue.
# No cryptogen: each MSP and TLS key pair below comes from an enrollment at the org's own CAs.

ca_home() { printf '%s/cas/%s/%s\n' "$NETWORK_DIR" "$1" "$2"; } # ORG ca|tlsca
ca_node() { printf '%s.%s\n' "$2" "$1"; }                        # ORG ca|tlsca → node name
ca_port() {
  local base
  if [[ $2 == ca ]]; then base=$(org_field "$1" 4); else base=$(org_field "$1" 5); fi
  printf '%s\n' $((base + PORT_OFFSET))
}
ca_name() { printf '%s-%s\n' "$2" "$1"; }                        # e.g. ca-enterprise, tlsca-enterprise
ca_url() { printf 'https://127.0.0.1:%s\n' "$(ca_port "$1" "$2")"; }
ca_tls_root() { printf '%s/ca-cert.pem\n' "$(ca_home "$1" "$2")"; }
org_dir() { printf '%s/organizations/%s\n' "$NETWORK_DIR" "$(org_field "$1" 3)"; }

ca_ready() { curl -sf --cacert "$(ca_tls_root "$1" "$2")" "$(ca_url "$1" "$2")/cainfo"; }

start_ca() {
  local org=$1 which=$2 home port node domain
  home=$(ca_home "$org" "$which")
  port=$(ca_port "$org" "$which")
  node=$(ca_node "$org" "$which")
  domain=$(org_field "$org" 3)
  mkdir -p "$home"
  # The operations (metrics/health) listener defaults to :9443 for every CA; give each its own.
  FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS="127.0.0.1:$((port + 10000))" \
    start_process "$node" "$home" "$BIN_DIR/fabric-ca-server" start \
    -b "admin:$CA_REGISTRAR_SECRET" --home "$home" --address 127.0.0.1 --port "$port" \
    --ca.name "$(ca_name "$org" "$which")" --csr.cn "$which.$domain" \
    --csr.hosts "$which.$domain,localhost,127.0.0.1" --tls.enabled
}

start_cas() {
  local org which
  for org in $(org_keys); do
    for which in ca tlsca; do start_ca "$org" "$which"; done
  done
  for org in $(org_keys); do
    for which in ca tlsca; do wait_until "$(ca_node "$org" "$which")" 60 ca_ready "$org" "$which"; done
  done
}

stop_cas() {
  local org which nodes=()
  for org in $(org_keys); do
    for which in ca tlsca; do nodes+=("$(ca_node "$org" "$which")"); done
  done
  stop_processes "${nodes[@]}"
}

# ca_client ORG ca|tlsca ARGS...: fabric-ca-client as that CA's registrar.
ca_client() {
  local org=$1 which=$2; shift 2
  FABRIC_CA_CLIENT_HOME="$(ca_home "$org" "$which")/registrar" "$BIN_DIR/fabric-ca-client" "$@" \
    --caname "$(ca_name "$org" "$which")" --tls.certfiles "$(ca_tls_root "$org" "$which")"
}

enroll_registrar() {
  local org=$1 which=$2
  [[ -f "$(ca_home "$org" "$which")/registrar/msp/signcerts/cert.pem" ]] && return 0
  ca_client "$org" "$which" enroll -u "https://admin:$CA_REGISTRAR_SECRET@127.0.0.1:$(ca_port "$org" "$which")" \
    >>"$LOG_DIR/enroll.log" 2>&1 || fail "$(ca_node "$org" "$which")" "registrar enrollment failed (see $LOG_DIR/enroll.log)"
}

# enroll_identity ORG ca|tlsca NAME TYPE OUT_MSP_DIR [HOSTS] [ATTRS]: registers NAME with a one-time
# random secret and enrolls it into OUT_MSP_DIR. The secret is never written anywhere.
enroll_identity() {
  local org=$1 which=$2 name=$3 type=$4 out=$5 hosts=${6:-} attrs=${7:-} secret
  secret=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  local register=(register --id.name "$name" --id.secret "$secret" --id.type "$type")
  [[ -n "$attrs" ]] && register+=(--id.attrs "$attrs")
  ca_client "$org" "$which" "${register[@]}" >>"$LOG_DIR/enroll.log" 2>&1 ||
    fail "$(ca_node "$org" "$which")" "register $name failed (see $LOG_DIR/enroll.log)"
  local enroll=(enroll -u "https://$name:$secret@127.0.0.1:$(ca_port "$org" "$which")" -M "$out")
  [[ -n "$hosts" ]] && enroll+=(--csr.hosts "$hosts")
  [[ $which == tlsca ]] && enroll+=(--enrollment.profile tls)
  ca_client "$org" "$which" "${enroll[@]}" >>"$LOG_DIR/enroll.log" 2>&1 ||
    fail "$(ca_node "$org" "$which")" "enroll $name failed (see $LOG_DIR/enroll.log)"
  # Predictable file names: keystore/key.pem and cacerts/ca.pem (Fabric reads any name).
  mv "$out"/keystore/*_sk "$out/keystore/key.pem"
  local cacert
  for cacert in "$out"/cacerts/*.pem "$out"/tlscacerts/*.pem; do
    [[ -f "$cacert" ]] || continue
    case "$cacert" in */ca.pem) continue ;; esac
    mv "$cacert" "$(dirname "$cacert")/ca.pem"
  done
}

write_node_ous() {
  cat >"$1/config.yaml" <<YAML
NodeOUs:
  Enable: true
  ClientOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: client
  PeerOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: peer
  AdminOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: admin
  OrdererOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: orderer
YAML
}

# issue_msp ORG NAME TYPE DIR [HOSTS]: DIR/msp from the org CA (with NodeOUs) and DIR/tls from its TLS CA.
issue_msp() {
  local org=$1 name=$2 type=$3 dir=$4 hosts=${5:-}
  [[ -f "$dir/msp/signcerts/cert.pem" && -f "$dir/tls/cert.pem" ]] && return 0
  rm -rf "$dir" && mkdir -p "$dir"
  enroll_identity "$org" ca "$name" "$type" "$dir/msp" "$hosts"
  write_node_ous "$dir/msp"
  issue_tls "$org" "$name" "$dir" "$hosts"
}

# issue_tls ORG NAME DIR [HOSTS]: DIR/tls/{cert.pem,key.pem,ca.pem} from the org's TLS CA.
issue_tls() {
  local org=$1 name=$2 dir=$3 hosts=${4:-}
  local tmp="$dir/tls-enroll"
  enroll_identity "$org" tlsca "$name" client "$tmp" "$hosts"
  mkdir -p "$dir/tls"
  cp "$tmp/signcerts/cert.pem" "$dir/tls/cert.pem"
  cp "$tmp/keystore/key.pem" "$dir/tls/key.pem"
  cp "$tmp/tlscacerts/ca.pem" "$dir/tls/ca.pem"
  rm -rf "$tmp"
}

# issue_org_msp ORG: the organization's MSP folder used in channel configuration.
issue_org_msp() {
  local org=$1 dir
  dir="$(org_dir "$org")/msp"
  mkdir -p "$dir/cacerts" "$dir/tlscacerts"
  cp "$(ca_tls_root "$org" ca)" "$dir/cacerts/ca.pem"
  cp "$(ca_tls_root "$org" tlsca)" "$dir/tlscacerts/ca.pem"
  write_node_ous "$dir"
}

issue_identities() {
  local org which domain dir row fields
  for org in $(org_keys); do
    for which in ca tlsca; do enroll_registrar "$org" "$which"; done
    domain=$(org_field "$org" 3)
    dir=$(org_dir "$org")
    issue_org_msp "$org"
    issue_msp "$org" orgadmin admin "$dir/users/Admin@$domain"
    if [[ $(org_field "$org" 2) == orderer ]]; then
      for row in "${ORDERERS[@]}"; do
        read -r -a fields <<<"$row"
        issue_msp "$org" "${fields[0]}" orderer "$dir/orderers/${fields[0]}.$domain" "${fields[0]}.$domain,localhost,127.0.0.1"
      done
    else
      issue_msp "$org" peer0 peer "$dir/peers/peer0.$domain" "peer0.$domain,localhost,127.0.0.1"
      # TLS client certificate the REST gateway presents to this org's peer (mutual TLS).
      [[ -f "$dir/users/gateway@$domain/tls/cert.pem" ]] || issue_tls "$org" gateway "$dir/users/gateway@$domain"
    fi
  done
}
