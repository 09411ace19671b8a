# shellcheck shell=bash
# The default topology (network/topology.sh) with a fifth org: a third bank. Select it with
# SCF_TOPOLOGY=network/topology-five-orgs.sh; the integration tests' network runs it, which shows that
# adding an org is configuration only (no code names an org). Its ports collide with no other node
# of the default topology at the port offsets in use (0, 500, 1200, 1700, 4300, 4800).
# shellcheck source=topology.sh
source "$(dirname "${BASH_SOURCE[0]}")/topology.sh"

# key   MSP id    kind  domain           CA port  TLS CA port
ORGS+=("bankc BankCMSP peer bankc.scf.local 7574     7575")

# org   peer port  chaincode port  operations port  kind
PEERS+=("bankc 11051 11052 9455 BANK")
