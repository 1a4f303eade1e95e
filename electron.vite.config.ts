import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

/**
 * One build for every host of the engine. The main build has several entries:
 *  - index:  the Electron shell (the only file that imports electron)
 *  - cli:    the headless `docket` command (bin/docket.js imports it)
 *  - worker: the Piscina task file (OCR, PDF text, rendering), loaded by path at run time
 *  - file-reader: ingest's reader thread (open, hash, close each file), loaded by path at run time
 *  - migrate: migrates a store an older Docket wrote off the engine's thread, loaded by path at run time
 *  - checkpoint: WAL checkpoints off the engine's thread while ingest records files in bulk, loaded by path at run time
 * Dependencies stay external (native modules such as better-sqlite3 and sharp cannot be bundled).
 */
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    // esbuild turns every regex literal with a Unicode property escape (/\p{L}+/gu) into `new RegExp(...)`, even for
    // Node 22, so each call of a function holding one built and, once V8's cache let it go, compiled the pattern
    // again (ICU property tables): 4,000 times per 1,000 invoices in the vendor-name checks alone. Node has had
    // them since 10, so they stay literals.
    esbuild: { supported: { 'regexp-unicode-property-escapes': true } },
    build: {
      outDir: 'out/main',
      sourcemap: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/hosts/electron/main.ts'),
          cli: resolve(__dirname, 'src/hosts/cli/main.ts'),
          worker: resolve(__dirname, 'src/engine/read/worker.ts'),
          'file-reader': resolve(__dirname, 'src/engine/ingest/reader-thread.ts'),
          migrate: resolve(__dirname, 'src/engine/store/migrate-thread.ts'),
          checkpoint: resolve(__dirname, 'src/engine/store/checkpoint-thread.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/hosts/electron/preload/index.ts') },
        // Sandboxed preload scripts must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/ui'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'src/ui/index.html') } },
    },
  },
});
