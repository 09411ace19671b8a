//go:build tools

// Package tools pins the Fabric v1.4.12 commands that scripts/install-fabric.sh builds:
// peer, orderer, configtxgen and configtxlator (go build github.com/hyperledger/fabric/...).
//
// Why a second module next to network/tools (Fabric CA v1.5.15): one go.mod has one version
// of each dependency, and Fabric CA 1.5 and Fabric 1.4 need incompatible ones. Requiring
// Fabric v1.4.12 in network/tools makes Go pick the CA's versions, and the peer then fails to
// compile (mapstructure v1.5 changed DecodeHookExec; go-kit v0.10 changed statsd.SendLoop)
// or misbehaves at run time (viper v1.7: `peer node start` fails "KeyStore path ... empty
// string"). Pinning the old versions there instead would need an older Fabric CA, which the
// module proxy does not offer a way to pick (its version list answers 403). So each module
// keeps its own, consistent set.
//
// Fabric v1.4.12 predates Go modules (its zip has no go.mod), so go.mod here pins what its
// Gopkg.lock shipped with, as pseudo-versions where the lock names a commit: notably viper
// v0.0.0-20150908122457-1967d93db724, mapstructure v1.1.1, go-kit v0.8.0 (the lock says v0.7.0;
// prometheus/common v0.6.0 requires v0.8.0, which still has the old SendLoop), grpc v1.14.0,
// sarama v1.19.0, etcd v0.0.0-20181228115726-23731bf9ba55. fabric-amcl is
// v0.0.0-20200424173818-327c9e2cf77a because the proxy refuses the lock's commit. No replace
// directives; `go mod verify` checks every download against go.sum.
package tools

import (
	_ "github.com/hyperledger/fabric/common/tools/configtxgen"
	_ "github.com/hyperledger/fabric/common/tools/configtxlator"
	_ "github.com/hyperledger/fabric/orderer"
	_ "github.com/hyperledger/fabric/peer"
)
