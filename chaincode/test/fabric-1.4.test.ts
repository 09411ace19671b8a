/**
 * Shim calls a Fabric 1.4 peer cannot serve. `stub.getMspID()` throws there (the peer sets no
 * CORE_PEER_LOCALMSPID for its chaincode containers; `ctx.clientIdentity.getMSPID()` is the caller's
 * org and works), and a private-data purge ends the chaincode's stream (1.4 has no
 * PURGE_PRIVATE_DATA). The memory stub throws on `getMspID` as a 1.4 peer does, so every test of the
 * contract also proves it is never called; this test keeps both out of the sources.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const sourceDir = join(__dirname, '..', 'src');

test('the chaincode sources call neither stub.getMspID nor a private-data purge', () => {
  const files = readdirSync(sourceDir).filter((name) => name.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(10);
  for (const file of files) {
    const source = readFileSync(join(sourceDir, file), 'utf8');
    expect({ file, uses: source.match(/\bgetMspID\b|purgePrivateData|PURGE_PRIVATE_DATA/gu) }).toEqual({
      file,
      uses: null,
    });
  }
});
