#!/usr/bin/env node
// `npm start`: the desktop app through electron-vite when Electron's binary is installed; otherwise one
// clear line pointing at the browser mode, and a non-zero exit.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    // The electron package exports the path of its binary (and throws if the download never happened).
    const p = require('electron');
    return typeof p === 'string' && fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

if (!electronBinary()) {
  console.error("Electron's binary is not installed here; run the same app in a browser with: npx docket serve");
  process.exit(1);
}

const child = spawn('npx', ['electron-vite', 'dev', ...process.argv.slice(2)], { stdio: 'inherit', shell: process.platform === 'win32' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
