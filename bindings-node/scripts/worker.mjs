// Packs this npm package, installs the tarball into a fresh copy of tests/workers/, bundles
// that worker with `wrangler deploy --dry-run`, and serves the bundle in workerd (miniflare).
// Shared by the package tests and the demo, so both exercise exactly what users install.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { addonFile, currentPlatform, packageName } from '../lib/platforms.js';
import { copyLicenses } from './prepack.mjs';

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(pkg);
const quiet = { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' };

/**
 * Packs the platform package (npm/<platform>/) into `work` with the addon at `addon` (by
 * default this machine's, built here in native/: what the Node tests ran against); returns
 * npm pack's record of it.
 */
export function packPlatform(work, platform = currentPlatform(), addon = join(pkg, 'native', addonFile(platform))) {
  const staged = join(work, packageName(platform));
  mkdirSync(staged, { recursive: true });
  for (const file of ['package.json', 'README.md']) copyFileSync(join(pkg, 'npm', platform, file), join(staged, file));
  copyFileSync(addon, join(staged, addonFile(platform)));
  copyLicenses(staged);
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: staged, ...quiet }));
  return { ...packed, tarball: join(work, packed.filename) };
}

/**
 * Packs the package and installs it into a fresh project copied from `from` (tests/workers/),
 * with a platform package beside it as npm would pick it from the registry (`platform: false`:
 * without it, as on a platform nothing is published for).
 */
export function freshProject({ from = join(root, 'tests', 'workers'), platform = true } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'edgeward-pkg-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: pkg, ...quiet }));
  const tarball = join(work, packed[0].filename);
  // `platform`: true for this machine's, or [name, addon path] for another one's.
  const native = platform === true ? packPlatform(work) : platform ? packPlatform(work, ...platform) : undefined;
  const project = join(work, 'project');
  cpSync(from, project, { recursive: true, filter: (p) => !p.includes('node_modules') });
  const tarballs = [tarball, ...(native ? [native.tarball] : [])];
  // Another platform's package: npm would refuse its os/cpu (it is run here under an emulator).
  const force = Array.isArray(platform) && platform[0] !== currentPlatform() ? ['--force'] : [];
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', ...force, ...tarballs], { cwd: project, ...quiet });
  return { project, tarball, files: packed[0].files.map((f) => f.path), packed: packed[0], native };
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
