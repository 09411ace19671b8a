# shellcheck shell=bash
# The REST gateway process and the network profile it reads (gateway-api/README.md).

PROFILE="$NETWORK_DIR/profile.json"

write_profile() {
  local row fields org domain first=true
  {
    printf '{\n  "channel": "%s",\n  "chaincode": "%s",\n  "orgs": {\n' "$CHANNEL_NAME" "$CHAINCODE_NAME"
    for row in "${PEERS[@]}"; do
      read -r -a fields <<<"$row"
      org=${fields[0]}
      domain=$(org_field "$org" 3)
      $first || printf ',\n'
      first=false
      cat <<JSON
    "$org": {
      "mspId": "$(org_field "$org" 1)",
      "kind": "$(peer_field "$org" 4)",
      "peer": {
        "endpoint": "127.0.0.1:$(peer_port "$org")",
        "hostAlias": "peer0.$domain",
        "tlsRootCertPath": "$(org_dir "$org")/msp/tlscacerts/ca.pem",
        "clientCertPath": "$(org_dir "$org")/users/gateway@$domain/tls/cert.pem",
        "clientKeyPath": "$(org_dir "$org")/users/gateway@$domain/tls/key.pem"
      },
      "ca": {
        "url": "$(ca_url "$org" ca)",
        "caName": "$(ca_name "$org" ca)",
        "tlsRootCertPath": "$(ca_tls_root "$org" ca)",
        "registrarId": "admin"
      }
    }
JSON
    done
    printf '  }\n}\n'
  } >"$PROFILE"
}

gateway_ready() { curl -sf "http://127.0.0.1:$GATEWAY_PORT/healthz"; }

start_gateway() {
  local main="$REPO_ROOT/gateway-api/dist/main.js"
  [[ -f "$main" ]] || { log "gateway not built ($main missing): skipped"; return 0; }
  # The local network is a development network: its CAs' registrar secret and the admins' password
  # are the well-known default, which the gateway accepts only with SCF_DEV_MODE=true.
  local dev_mode=${SCF_DEV_MODE:-true}
  SCF_NETWORK_PROFILE="$PROFILE" SCF_GATEWAY_DATA_DIR="$SCF_STATE/gateway" SCF_PORT="$GATEWAY_PORT" \
    SCF_DEV_MODE="$dev_mode" SCF_CA_REGISTRAR_SECRET="$CA_REGISTRAR_SECRET" \
    start_process gateway "$REPO_ROOT" node "$main"
  wait_until gateway 60 gateway_ready
  log "gateway: http://127.0.0.1:$GATEWAY_PORT/api/v1 (docs: /api/docs); logins $(peer_orgs | sed 's/^/admin@/' | paste -sd ' ')"
  log "console: http://127.0.0.1:$GATEWAY_PORT/ (log in as any of the users above; README \"Web console\")"
  log "gateway: SCF_DEV_MODE=$dev_mode (local development: admin password adminpw unless SCF_ADMIN_PASSWORD is set, generated token secret; never in production)"
}

stop_gateway() { stop_processes gateway; }
