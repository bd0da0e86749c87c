// Packs this npm package, installs the tarball into a fresh copy of tests/workers/, bundles
// that worker with `wrangler deploy --dry-run`, and serves the bundle in workerd (miniflare).
// Shared by the package tests and the demo, so both exercise exactly what users install.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(pkg);
const quiet = { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' };

/** Packs the package and installs it into a fresh project copied from tests/workers/. */
export function freshProject() {
  const work = mkdtempSync(join(tmpdir(), 'edgeward-pkg-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: pkg, ...quiet }));
  const tarball = join(work, packed[0].filename);
  const project = join(work, 'project');
  cpSync(join(root, 'tests', 'workers'), project, { recursive: true, filter: (p) => !p.includes('node_modules') });
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: project, ...quiet });
  return { project, tarball, files: packed[0].files.map((f) => f.path) };
}

/**
 * Bundles the worker in `project` exactly as `wrangler deploy` would, without deploying;
 * `script` (relative to `project`) replaces the configured entry.
 */
export function bundleWorker(project, script) {
  const outdir = join(project, script ? `dist-${basename(script, '.js')}` : 'dist');
  const args = ['deploy', '--dry-run', '--outdir', outdir, ...(script ? [script] : [])];
  execFileSync(join(pkg, 'node_modules', '.bin', 'wrangler'), args, {
    cwd: project,
    ...quiet,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', WRANGLER_LOG_PATH: join(project, 'logs') },
  });
  return { outdir, files: readdirSync(outdir) };
}

/**
 * Serves a bundled worker in workerd; returns its loopback URL, a dispose function and the
 * Miniflare. `options` adds Miniflare options (e.g. `durableObjects`).
 */
export async function serveWorker(outdir, bindings = {}, script = 'index.js', options = {}) {
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(outdir, script),
    modulesRoot: outdir,
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2026-04-20',
    bindings: {
      WEBHOOK_SECRETS: 'whsec_demo_current_5f2a9c1e whsec_demo_previous_3b7d0e4a',
      STANDARD_WEBHOOK_SECRET: 'whsec_ZWRnZXdhcmQtZGVtby1zdGFuZGFyZC1zZWNyZXQ=',
      GITHUB_WEBHOOK_SECRET: 'gh-demo-secret',
      ...bindings,
    },
    kvNamespaces: ['REPLAY_KV'], // in-memory KV: the /standard route's replay store
    host: '127.0.0.1',
    port: 0,
    ...options,
  });
  const url = await mf.ready;
  return { url: url.href.replace(/\/$/, ''), dispose: () => mf.dispose(), miniflare: mf };
}
