import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataLock, processStartTime, staleReason } from '../../../src/engine/store/lock.js';
import { tmpDir } from '../../helpers/tmp.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** A live process that is not Docket, standing in for whatever got Docket's old pid after a reboot. */
function stranger(): number {
  const c = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(c);
  return c.pid!;
}

function lockFile(dir: string): string {
  return path.join(dir, 'docket.lock');
}

describe('data folder lock', () => {
  it('records pid, token and start time, refuses a second taker while held, and is removed on release', () => {
    const dir = tmpDir('docket-lock-');
    const release = acquireDataLock(dir);
    const rec = JSON.parse(fs.readFileSync(lockFile(dir), 'utf8'));
    expect(rec).toMatchObject({ app: 'docket', pid: process.pid, dataDir: path.resolve(dir) });
    expect(rec.token).toMatch(/^[0-9a-f]{32}$/);
    if (process.platform === 'linux') expect(rec.procStart).toBe(processStartTime(process.pid));
    expect(() => acquireDataLock(dir)).toThrow(/in use by another Docket process \(pid \d+\)/);
    release();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
    acquireDataLock(dir)();
  });

  it('takes over a lock whose owner is gone', () => {
    const dir = tmpDir('docket-lock-');
    const c = spawn('true');
    const pid = c.pid!;
    return new Promise<void>((resolve) =>
      c.on('exit', () => {
        fs.writeFileSync(lockFile(dir), JSON.stringify({ app: 'docket', pid, token: 'old', procStart: '1', dataDir: dir }));
        const release = acquireDataLock(dir);
        expect(JSON.parse(fs.readFileSync(lockFile(dir), 'utf8')).pid).toBe(process.pid);
        release();
        resolve();
      }),
    );
  });

  it.runIf(process.platform === 'linux')('takes over a lock whose pid now belongs to a live process that is not that Docket', () => {
    const dir = tmpDir('docket-lock-');
    const pid = stranger();
    // What Docket wrote before the reboot: same pid, but the process started at another time.
    const held = JSON.stringify({ app: 'docket', pid, token: 'before-reboot', procStart: '12345', dataDir: dir });
    fs.writeFileSync(lockFile(dir), held);
    expect(staleReason(held, Date.now())).toMatch(/pid was reused/);
    const started = Date.now();
    const release = acquireDataLock(dir);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(JSON.parse(fs.readFileSync(lockFile(dir), 'utf8'))).toMatchObject({ pid: process.pid });
    release();
  });

  it.runIf(process.platform === 'linux')('takes over an old pid-only lock held by a live process that is not Docket', () => {
    const dir = tmpDir('docket-lock-');
    const pid = stranger();
    fs.writeFileSync(lockFile(dir), String(pid));
    expect(staleReason(String(pid), Date.now())).toMatch(/is not Docket \(sleep 60/);
    acquireDataLock(dir)();
    // A pid-only lock of a live Node process (Docket's own shape) is still respected.
    expect(staleReason(String(process.pid), Date.now())).toBeNull();
  });

  it('without an OS start time, a live owner counts only while its heartbeat is recent', () => {
    const held = JSON.stringify({ app: 'docket', pid: process.pid, token: 't', procStart: null, dataDir: '/x' });
    expect(staleReason(held, Date.now() - 5_000)).toBeNull();
    expect(staleReason(held, Date.now() - 120_000)).toMatch(/has not renewed the lock for 120 s/);
  });

  it('takes over an unreadable lock file', () => {
    const dir = tmpDir('docket-lock-');
    fs.writeFileSync(lockFile(dir), '{garbage');
    acquireDataLock(dir)();
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
