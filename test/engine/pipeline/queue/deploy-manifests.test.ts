/**
 * deploy/ cannot be run here (no Docker, no cluster), so its files are checked for what would break them: YAML
 * that parses, the worker command the CLI really has, the Redis list KEDA counts being the one BullMQ fills,
 * AOF on, and the secret coming from the environment, never a literal.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { QUEUE_NAME, QUEUE_PREFIX } from '../../../../src/engine/pipeline/queue/protocol.js';
import { ROOT } from '../../../helpers/tmp.js';

const read = (p: string) => fs.readFileSync(path.join(ROOT, 'deploy', p), 'utf8');
const docs = (p: string) =>
  parseAllDocuments(read(p)).map((d) => {
    expect(d.errors, p).toEqual([]);
    return d.toJSON() as Record<string, any>;
  });

describe('deploy/ manifests', () => {
  it('docker-compose.yml: Redis with its append-only file and no eviction, workers running docket worker with the secret from the environment', () => {
    const compose = parse(read('docker-compose.yml')) as Record<string, any>;
    const redis = compose.services.redis;
    const args: string[] = redis.command;
    expect(args[args.indexOf('--appendonly') + 1]).toBe('yes');
    expect(args[args.indexOf('--maxmemory-policy') + 1]).toBe('noeviction');
    expect(redis.volumes[0]).toMatch(/:\/data$/);
    const worker = compose.services.worker;
    expect(worker.build.dockerfile).toBe('deploy/Dockerfile');
    expect(worker.command[0]).toBe('--redis');
    expect(worker.command[1]).toMatch(/^redis:\/\/:\$\{REDIS_PASSWORD\}@redis:6379$/);
    expect(worker.environment.DOCKET_QUEUE_SECRET).toMatch(/^\$\{DOCKET_QUEUE_SECRET/);
    expect(worker.depends_on.redis.condition).toBe('service_healthy');
  });

  it('Dockerfile: node slim, no Electron binary, runtime dependencies only, entry point docket worker', () => {
    const df = read('Dockerfile');
    const froms = [...df.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
    expect(froms.every((f) => /^node:\d+-[a-z]+-slim$/.test(f!))).toBe(true);
    expect(df).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD=1/);
    expect(df).toMatch(/npm ci --omit=dev/);
    expect(df).toMatch(/ENTRYPOINT \["node", "bin\/docket.js", "worker"\]/);
    expect(df).toMatch(/^USER node$/m);
  });

  it('Kubernetes: a worker Deployment fed from a Secret, and a KEDA ScaledObject on the list BullMQ keeps waiting jobs in', () => {
    const [deployment] = docs('kubernetes/worker-deployment.yaml');
    expect(deployment!.kind).toBe('Deployment');
    const container = deployment!.spec.template.spec.containers[0];
    expect(container.args.slice(0, 2)).toEqual(['--redis', '$(REDIS_URL)']);
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.valueFrom]));
    expect(env.DOCKET_QUEUE_SECRET.secretKeyRef).toEqual({ name: 'docket-queue', key: 'queue-secret' });
    expect(env.REDIS_URL.secretKeyRef.name).toBe('docket-queue');
    expect(deployment!.spec.selector.matchLabels).toEqual(deployment!.spec.template.metadata.labels);

    const keda = docs('kubernetes/keda-scaledobject.yaml');
    const scaled = keda.find((d) => d.kind === 'ScaledObject')!;
    const auth = keda.find((d) => d.kind === 'TriggerAuthentication')!;
    expect(scaled.apiVersion).toBe('keda.sh/v1alpha1');
    expect(scaled.spec.scaleTargetRef.name).toBe(deployment!.metadata.name);
    const trigger = scaled.spec.triggers[0];
    expect(trigger.type).toBe('redis');
    // BullMQ's waiting list for this queue: <prefix>:<queue>:wait
    expect(trigger.metadata.listName).toBe(`${QUEUE_PREFIX}:${QUEUE_NAME}:wait`);
    expect(Number(trigger.metadata.listLength)).toBeGreaterThan(0);
    expect(trigger.authenticationRef.name).toBe(auth.metadata.name);
    expect(auth.spec.secretTargetRef[0].name).toBe('docket-queue');
  });
});
