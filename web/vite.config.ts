/**
 * Vite build of the web UI: web/ → dist/web (served by src/server/web-static.ts).
 * `npm run build:web`; during development run the server and `vite --config web/vite.config.ts`,
 * which proxies /api to FAULTLINE_DEV_API (default http://127.0.0.1:8000).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig(({ command }) => ({
  root: here,
  base: '/',
  plugins: [react()],
  // Builds are always production builds (React's dev build is ~60% larger and slower), whatever
  // NODE_ENV the caller has (vitest sets "test").
  ...(command === 'build' ? { define: { 'process.env.NODE_ENV': JSON.stringify('production') } } : {}),
  build: {
    outDir: path.resolve(here, '../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 400,
    manifest: true,
  },
  server: {
    proxy: { '/api': { target: process.env.FAULTLINE_DEV_API ?? 'http://127.0.0.1:8000', changeOrigin: false } },
  },
}));
