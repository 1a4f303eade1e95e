import fs from 'node:fs';

function parentOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state, ppid, ...
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) && ppid > 1 ? ppid : null;
  } catch {
    return null;
  }
}

function isNpm(pid: number): boolean {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /(^|[/\0])(npm|npx)(\0|$)|npm-cli\.js|npx-cli\.js/.test(cmd);
  } catch {
    return false;
  }
}

/**
 * `npx docket ...` runs us as npm → sh → node. When npm itself is killed (a script's `kill -9 $!`, a CI
 * timeout) the shell and this process would live on as orphans, still holding the data folder. So when
 * launched through npm, find the npm process and, if it disappears, stop at once the way it stopped: the
 * store is crash-safe, and `docket resume` continues. Linux only (/proc); elsewhere a no-op.
 */
export function exitWithLauncher(env: NodeJS.ProcessEnv = process.env): void {
  if (env.npm_command !== 'exec' && env.npm_lifecycle_event !== 'npx') return;
  if (!fs.existsSync('/proc/self/stat')) return;
  let pid: number | null = process.ppid;
  let npmPid: number | null = null;
  for (let i = 0; i < 4 && pid; i++) {
    if (isNpm(pid)) {
      npmPid = pid;
      break;
    }
    pid = parentOf(pid);
  }
  if (!npmPid) return;
  const watched = npmPid;
  const timer = setInterval(() => {
    try {
      process.kill(watched, 0);
    } catch {
      process.kill(process.pid, 'SIGKILL');
    }
  }, 250);
  timer.unref();
}
