'use strict';
/*
 * Peer TLS verification for chaincode on Node >= 18 (OpenSSL 3), preloaded by the ccenv image
 * (NODE_OPTIONS=--require /opt/scf/tls-verify.js).
 *
 * A Fabric 1.4 peer signs its chaincode listener's certificate with a per-start CA whose only
 * extended key usage is "any"; OpenSSL 3 refuses that chain for a TLS server ("unsuitable
 * certificate purpose"), so the chaincode's gRPC link to the peer fails. For the TLS connections
 * to that peer only -- `ca` (or a secure context made from `ca`) equal to the certificate(s) in
 * CORE_PEER_TLS_ROOTCERT_FILE, or host and port equal to --peer.address -- this module turns
 * Node's own verification off and verifies the peer's certificate itself before anyone sees
 * 'secureConnect': signed by that CA, leaf and CA within their validity dates, host name or IP
 * matching. Otherwise the socket is destroyed with an ERR_SCF_PEER_CERTIFICATE error. Every
 * other TLS connection is untouched; without CORE_PEER_TLS_ROOTCERT_FILE nothing is changed.
 */
const fs = require('fs');
const net = require('net');
const tls = require('tls');
const { X509Certificate } = require('crypto');

const MARKER = Symbol.for('scf.tls-verify');
const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function certificates(value) {
  const items = Array.isArray(value) ? value : [value];
  const certs = [];
  for (const item of items) {
    if (typeof item !== 'string' && !Buffer.isBuffer(item)) return [];
    const blocks = String(item).match(PEM);
    if (blocks) certs.push(...blocks.map((pem) => new X509Certificate(pem)));
    else certs.push(new X509Certificate(item));
  }
  return certs;
}

function peerAddress(argv) {
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i] === '--peer.address' ? argv[i + 1] : /^--peer\.address=(.*)$/.exec(argv[i])?.[1];
    const parts = value && /^\[?([^\]]*?)\]?:(\d+)$/.exec(value);
    if (parts) return { host: parts[1].toLowerCase(), port: parts[2] };
  }
  return undefined;
}

function install() {
  const rootFile = process.env.CORE_PEER_TLS_ROOTCERT_FILE;
  if (!rootFile) return { loaded: true, active: false, reason: 'CORE_PEER_TLS_ROOTCERT_FILE not set' };
  let roots;
  try {
    roots = certificates(fs.readFileSync(rootFile));
  } catch (error) {
    process.emitWarning(`tls-verify: cannot read ${rootFile}: ${error.message}; peer TLS not patched`);
    return { loaded: true, active: false, reason: error.message };
  }
  const rootPrints = new Set(roots.map((cert) => cert.fingerprint256));
  const peer = peerAddress(process.argv);
  const peerContexts = new WeakSet();

  const isRootCa = (ca) => {
    try {
      const certs = certificates(ca);
      return certs.length > 0 && certs.every((cert) => rootPrints.has(cert.fingerprint256));
    } catch {
      return false;
    }
  };

  const createSecureContext = tls.createSecureContext;
  tls.createSecureContext = function (options, ...rest) {
    const context = createSecureContext.call(this, options, ...rest);
    if (options && options.ca !== undefined && isRootCa(options.ca)) peerContexts.add(context);
    return context;
  };

  const refuse = (reason, target) => {
    const error = new Error(`tls-verify: refused the peer certificate of ${target}: ${reason}`);
    error.code = 'ERR_SCF_PEER_CERTIFICATE';
    return error;
  };

  const verify = (socket, hostname, target) => {
    const leaf = socket.getPeerX509Certificate();
    if (!leaf) return refuse('no certificate presented', target);
    const issuer = roots.find((ca) => leaf.checkIssued(ca) && leaf.verify(ca.publicKey));
    if (!issuer) return refuse(`not issued by the CA in ${rootFile} (issuer: ${leaf.issuer})`, target);
    const now = Date.now();
    for (const [name, cert] of [
      ['certificate', leaf],
      ['CA certificate', issuer],
    ]) {
      if (now < Date.parse(cert.validFrom))
        return refuse(`${name} not valid before ${cert.validFrom}`, target);
      if (now > Date.parse(cert.validTo)) return refuse(`${name} expired on ${cert.validTo}`, target);
    }
    const matches = net.isIP(hostname) ? leaf.checkIP(hostname) : leaf.checkHost(hostname);
    if (matches === undefined) return refuse(`not valid for ${hostname} (${leaf.subjectAltName})`, target);
    return undefined;
  };

  const connect = tls.connect;
  tls.connect = function (...args) {
    let options = args[0];
    let callback = args.find((arg) => typeof arg === 'function');
    if (options === null || typeof options !== 'object') {
      // connect(port[, host][, options][, callback]) / connect(path[, options][, callback])
      [options, callback] = net._normalizeArgs(args);
      const extra = args.find((arg, i) => i > 0 && arg !== null && typeof arg === 'object');
      options = { ...options, ...extra };
    }
    const host = String(options.host || 'localhost').toLowerCase();
    const port = String(options.port ?? options.socket?.remotePort ?? '');
    const toPeer =
      (options.ca !== undefined && isRootCa(options.ca)) ||
      (options.secureContext !== undefined && peerContexts.has(options.secureContext)) ||
      (peer !== undefined && peer.host === host && peer.port === port);
    if (!toPeer) return connect.apply(this, args);

    const hostname = options.servername || options.host || 'localhost';
    const target = `${host}:${port}`;
    const socket = connect.call(
      this,
      { ...options, rejectUnauthorized: false },
      ...(callback ? [callback] : []),
    );
    // Nothing (the connect callback, grpc-js) sees 'secureConnect' before the check has passed.
    const emit = socket.emit;
    socket.emit = function (event, ...rest) {
      if (event !== 'secureConnect') return emit.call(this, event, ...rest);
      socket.emit = emit;
      const error = verify(socket, hostname, target);
      if (error) {
        socket.destroy(error);
        return false;
      }
      socket.authorized = true;
      socket.authorizationError = null;
      return emit.call(this, event, ...rest);
    };
    return socket;
  };
  return { loaded: true, active: true, rootFile, peerAddress: peer };
}

if (!globalThis[MARKER]) globalThis[MARKER] = install();
