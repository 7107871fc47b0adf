/**
 * Vite config for the editor: `npm start` serves index.html → app/main.tsx from the repo root.
 * Cross-origin isolation headers (COOP/COEP) on the dev and preview servers let onnxruntime-web
 * use threads; workers are ES modules.
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
  worker: { format: 'es' },
  optimizeDeps: {
    entries: ['index.html'],
    include: ['react', 'react-dom/client', 'react/jsx-runtime', 'react/jsx-dev-runtime', '@xyflow/react', 'zustand', 'zustand/vanilla', 'zod', 'elkjs/lib/elk-api.js'],
  },
  build: { outDir: 'dist', target: 'es2022', chunkSizeWarningLimit: 2000 },
});
