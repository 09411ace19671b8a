#!/usr/bin/env bash
# Builds the Fabric and Fabric CA command-line binaries into network/bin/ from the Go module proxy,
# pinned by network/tools/go.mod + go.sum (Fabric CA) and by FABRIC_COMMIT below (Fabric).
# Binaries already present are reused, so a second run costs nothing.
#
#   scripts/install-fabric.sh ca       fabric-ca-server, fabric-ca-client
#   scripts/install-fabric.sh fabric   peer, orderer, osnadmin, configtxgen
#   scripts/install-fabric.sh          both
#
# FABRIC_BIN=/path/to/bin uses official Fabric release binaries from that folder instead of building.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN_DIR="$REPO_ROOT/network/bin"
TOOLS_MODULE="$REPO_ROOT/network/tools"

# Fabric v3.1.5 (tag commit). Fabric's go.mod has no /v3 suffix, so Go addresses it by commit.
FABRIC_COMMIT=86c1172bec37e6590c6b1ae6f847833df48d65fc
FABRIC_VERSION=v3.1.5
CA_COMMANDS=(fabric-ca-server fabric-ca-client)
FABRIC_COMMANDS=(peer orderer osnadmin configtxgen)

log() { printf '[install-fabric] %s\n' "$*" >&2; }

all_present() {
  local dir=$1; shift
  local cmd
  for cmd in "$@"; do [[ -x "$dir/$cmd" ]] || return 1; done
}

install_ca() {
  if all_present "$BIN_DIR" "${CA_COMMANDS[@]}"; then
    log "Fabric CA binaries present in $BIN_DIR"
    return 0
  fi
  log "building Fabric CA (pinned in network/tools/go.mod) into $BIN_DIR — first build takes ~1-3 min"
  mkdir -p "$BIN_DIR"
  (cd "$TOOLS_MODULE" && CGO_ENABLED=1 go build -trimpath -o "$BIN_DIR/" \
    github.com/hyperledger/fabric-ca/cmd/fabric-ca-server \
    github.com/hyperledger/fabric-ca/cmd/fabric-ca-client)
}

install_fabric() {
  if [[ -n "${FABRIC_BIN:-}" ]]; then
    if all_present "$FABRIC_BIN" "${FABRIC_COMMANDS[@]}"; then
      log "using Fabric binaries from FABRIC_BIN=$FABRIC_BIN"
      return 0
    fi
    log "FABRIC_BIN=$FABRIC_BIN lacks one of: ${FABRIC_COMMANDS[*]}"
    return 2
  fi
  if all_present "$BIN_DIR" "${FABRIC_COMMANDS[@]}"; then
    log "Fabric binaries present in $BIN_DIR"
    return 0
  fi
  log "building Fabric $FABRIC_VERSION ($FABRIC_COMMIT) from the Go module proxy"
  local work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  local err="$work/go.err"
  if ! (cd "$work" && go mod init fabric-build >/dev/null 2>&1 \
      && go get "github.com/hyperledger/fabric@$FABRIC_COMMIT" 2>"$err" \
      && CGO_ENABLED=0 go build -trimpath \
        -ldflags "-X github.com/hyperledger/fabric/common/metadata.Version=${FABRIC_VERSION#v}" \
        -o "$BIN_DIR/" \
        github.com/hyperledger/fabric/cmd/peer github.com/hyperledger/fabric/cmd/orderer \
        github.com/hyperledger/fabric/cmd/osnadmin github.com/hyperledger/fabric/cmd/configtxgen 2>>"$err"); then
    log "could not obtain Fabric $FABRIC_VERSION from the Go module proxy:"
    sed 's/^/    /' "$err" >&2
    log "peer/orderer are unavailable on this machine; set FABRIC_BIN to a folder holding official"
    log "Fabric $FABRIC_VERSION release binaries (${FABRIC_COMMANDS[*]}) to run the full network."
    return 2
  fi
}

case "${1:-all}" in
  ca) install_ca ;;
  fabric) install_fabric ;;
  all) install_ca && install_fabric ;;
  *) echo "usage: $0 [ca|fabric|all]" >&2; exit 64 ;;
esac
