# shellcheck shell=bash
# The local network's topology: one row per organization. Sourced by scripts/network/*.sh.
#
# key        MSP id          kind     domain                CA port  TLS CA port
ORGS=(
  "orderer    OrdererMSP      orderer  orderer.scf.local     7054     7055"
  "enterprise EnterpriseMSP   peer     enterprise.scf.local  7154     7155"
  "banka      BankAMSP        peer     banka.scf.local       7254     7255"
  "bankb      BankBMSP        peer     bankb.scf.local       7354     7355"
  "auditor    AuditorMSP      peer     auditor.scf.local     7454     7455"
)

# Ordering nodes (etcdraft): name, client and cluster port, operations port.
ORDERERS=(
  "orderer1 7050 9443"
  "orderer2 7150 9444"
  "orderer3 7250 9445"
)

# Peers (one per peer org): org key, peer port, chaincode port, operations port, and the kind of
# participant the org registers (ENTERPRISE, BANK or AUDITOR; the gateway's network profile says it).
PEERS=(
  "enterprise 7051 7052 9451 ENTERPRISE"
  "banka      8051 8052 9452 BANK"
  "bankb      9051 9052 9453 BANK"
  "auditor    10051 10052 9454 AUDITOR"
)

CHANNEL_NAME=scf
SYSTEM_CHANNEL_NAME=scf-system
CHAINCODE_NAME=receivables
GATEWAY_PORT=3000

# Block cutting, tuned for a 2-core machine (README.md, "Decisions"): a lone transaction waits at
# most BATCH_TIMEOUT; under load a block is cut at BATCH_MAX_MESSAGES.
BATCH_TIMEOUT=250ms
BATCH_MAX_MESSAGES=100
