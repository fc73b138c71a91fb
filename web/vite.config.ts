// Builds the React app from web/ into dist/web, which the Baton server serves with an SPA fallback.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.BATON_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  // No React plugin: Vite 8 compiles .tsx with Oxc; the automatic runtime imports react/jsx-runtime itself.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/healthz': { target: api, changeOrigin: false },
    },
  },
});
