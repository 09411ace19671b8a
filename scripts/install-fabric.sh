#!/usr/bin/env bash
# Builds the Fabric and Fabric CA command-line binaries into network/bin/ from the Go module proxy,
# pinned and checksummed by two Go modules (their dependency sets conflict, see network/fabric/tools.go):
#   network/fabric/go.mod + go.sum   Fabric v1.4.12 (the newest Fabric the module proxy serves)
#   network/tools/go.mod  + go.sum   Fabric CA v1.5.15
# Binaries already present are reused, so a second run costs nothing.
#
#   scripts/install-fabric.sh ca       fabric-ca-server, fabric-ca-client
#   scripts/install-fabric.sh fabric   peer, orderer, configtxgen, configtxlator
#   scripts/install-fabric.sh          both
#
# FABRIC_BIN=/path/to/bin uses Fabric v1.4.12 release binaries from that folder instead of building.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN_DIR="$REPO_ROOT/network/bin"
TOOLS_MODULE="$REPO_ROOT/network/tools"

FABRIC_MODULE="$REPO_ROOT/network/fabric"

FABRIC_VERSION=1.4.12
CA_COMMANDS=(fabric-ca-server fabric-ca-client)
FABRIC_COMMANDS=(peer orderer configtxgen configtxlator)

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

# peer and orderer of the wanted version? (configtxgen/configtxlator 1.4.12 print 1.4.11: hard-coded)
fabric_version_ok() {
  local dir=$1 cmd
  for cmd in peer orderer; do
    "$dir/$cmd" version 2>/dev/null | grep -qx " Version: $FABRIC_VERSION" || return 1
  done
}

install_fabric() {
  if [[ -n "${FABRIC_BIN:-}" ]]; then
    if ! all_present "$FABRIC_BIN" "${FABRIC_COMMANDS[@]}"; then
      log "FABRIC_BIN=$FABRIC_BIN lacks one of: ${FABRIC_COMMANDS[*]}"
      return 2
    fi
    if ! fabric_version_ok "$FABRIC_BIN"; then
      log "FABRIC_BIN=$FABRIC_BIN: peer/orderer are not Fabric $FABRIC_VERSION ('peer version' says:"
      "$FABRIC_BIN/peer" version 2>&1 | sed -n 's/^ Version: /    /p' >&2
      log "the network scripts and configs here are written for $FABRIC_VERSION)"
      return 2
    fi
    log "using Fabric $FABRIC_VERSION binaries from FABRIC_BIN=$FABRIC_BIN"
    return 0
  fi
  if all_present "$BIN_DIR" "${FABRIC_COMMANDS[@]}" && fabric_version_ok "$BIN_DIR"; then
    log "Fabric $FABRIC_VERSION binaries present in $BIN_DIR"
    return 0
  fi
  log "building Fabric $FABRIC_VERSION (pinned in network/fabric/go.mod) into $BIN_DIR — first build takes ~2-4 min"
  mkdir -p "$BIN_DIR"
  # CGO is not needed: LevelDB is goleveldb (pure Go); without cgo the binaries are static and
  # the peer's optional Go-plugin handlers cannot be loaded (this project uses none).
  (cd "$FABRIC_MODULE" && CGO_ENABLED=0 go build -trimpath \
    -ldflags "-X github.com/hyperledger/fabric/common/metadata.Version=$FABRIC_VERSION" \
    -o "$BIN_DIR/" \
    github.com/hyperledger/fabric/peer \
    github.com/hyperledger/fabric/orderer \
    github.com/hyperledger/fabric/common/tools/configtxgen \
    github.com/hyperledger/fabric/common/tools/configtxlator)
}

case "${1:-all}" in
  ca) install_ca ;;
  fabric) install_fabric ;;
  all) install_ca && install_fabric ;;
  *) echo "usage: $0 [ca|fabric|all]" >&2; exit 64 ;;
esac
