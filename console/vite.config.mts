import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Served by the gateway at `/` (same origin as `/api/v1`); `npm run dev` proxies the API to a local gateway.
export default defineConfig({
  plugins: [react()],
  base: '/',
  // The chaincode's contract (records, their JSON Schemas, statuses) from its TypeScript source: it
  // imports nothing from Fabric, so it bundles for the browser.
  resolve: {
    alias: {
      'receivables-chaincode/contract': fileURLToPath(
        new URL('../chaincode/src/contract/index.ts', import.meta.url),
      ),
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': `http://127.0.0.1:${3000 + Number(process.env.SCF_PORT_OFFSET ?? '0')}` } },
});
