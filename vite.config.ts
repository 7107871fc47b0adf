/**
 * Vite config for the editor: `npm start` serves index.html → app/main.tsx from the repo root.
 * Cross-origin isolation headers (COOP/COEP) on the dev and preview servers let onnxruntime-web
 * use threads; workers are ES modules. A Content Security Policy is put in index.html as a meta tag
 * (so it also holds wherever `dist/` is hosted): scripts, workers, wasm and fetches from our own
 * origin only. onnxruntime-web compiles wasm ('wasm-unsafe-eval') and may start its threads from
 * blob: URLs; styles may be inline (React Flow and the dev server inject <style>). The dev server
 * additionally needs the React refresh preamble (an inline script) and its HMR socket.
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/** The editor's Content Security Policy; `dev` adds what the dev server's hot reload needs. */
export function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval'${dev ? " 'unsafe-inline'" : ''}`,
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' data: blob:${dev ? ' ws: wss:' : ''}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Puts the policy into index.html as its first head element. */
function csp(): Plugin {
  let dev = false;
  return {
    name: 'formwork-csp',
    configResolved(config) {
      dev = config.command === 'serve' && !config.isProduction;
    },
    transformIndexHtml: {
      order: 'pre',
      handler: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy(dev) }, injectTo: 'head-prepend' }],
    },
  };
}

const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [csp(), react()],
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
  worker: { format: 'es' },
  optimizeDeps: {
    entries: ['index.html'],
    include: ['react', 'react-dom/client', 'react/jsx-runtime', 'react/jsx-dev-runtime', '@xyflow/react', 'zustand', 'zustand/vanilla', 'zod'],
  },
  build: { outDir: 'dist', target: 'es2022', chunkSizeWarningLimit: 2000 },
});
