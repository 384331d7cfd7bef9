#!/usr/bin/env node
// Builds the optional Merkle hashing addon (native/merkle) with node-gyp against the headers of the
// Node that runs this script: no download. Never fails the install: without the addon,
// src/dataset/merkle falls back to pure JS, which gives identical results, only slower.
// Run by npm's `install` script; by hand: `node native/build.js` (CONSENTGATE_SKIP_NATIVE=1 skips it).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dir = join(here, 'merkle');
const addon = join(dir, 'build', 'Release', 'consentgate_merkle.node');
const warn = (msg) => console.warn(`consentgate: native Merkle addon ${msg}; using the pure-JS fallback`);

if (process.env.CONSENTGATE_SKIP_NATIVE === '1') {
  warn('skipped (CONSENTGATE_SKIP_NATIVE=1)');
  process.exit(0);
}

function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    // npm ships node-gyp; in an installed Node it sits here.
    resolve(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
    resolve(dirname(process.execPath), 'node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
  ];
  for (const c of candidates) if (c && existsSync(c)) return c;
  try {
    return createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    return null;
  }
}

/** The headers of this very Node (they include OpenSSL's), so node-gyp downloads nothing. */
function findNodeDir() {
  const configured = process.env.npm_config_nodedir;
  if (configured && existsSync(join(configured, 'include', 'node', 'node_api.h'))) return configured;
  const prefix = resolve(dirname(process.execPath), '..');
  if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) return prefix;
  return configured || null;
}

const gyp = findNodeGyp();
if (gyp === null) {
  warn('not built: node-gyp not found');
  process.exit(0);
}
const nodedir = findNodeDir();
const args = [gyp, 'rebuild', `--directory=${dir}`];
if (nodedir) args.push(`--nodedir=${nodedir}`);
const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
if (run.status !== 0) {
  const tail = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim().split('\n').slice(-8).join('\n');
  warn(`build failed (node-gyp exit ${run.status})\n${tail}`);
  process.exit(0);
}

// Smoke test: a leaf and a node hash against node:crypto; a wrong addon is worse than none.
try {
  const a = createRequire(import.meta.url)(addon);
  const leaf = Buffer.alloc(32);
  a.hashLeaves(Buffer.from('a'), new Uint32Array([0, 1]), 1, leaf);
  const pair = Buffer.alloc(64, 7);
  const node = Buffer.alloc(32);
  a.hashNodes(pair, 1, node);
  const sha = (...parts) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
  if (!leaf.equals(sha(Buffer.from([0]), Buffer.from('a'))) || !node.equals(sha(Buffer.from([1]), pair))) {
    throw new Error('hashes differ from node:crypto');
  }
} catch (err) {
  rmSync(addon, { force: true });
  warn(`removed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(0);
}
console.log(`consentgate: built native Merkle addon ${addon}`);
