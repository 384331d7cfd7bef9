/**
 * Compiles `src/` for the child processes of the integration tests (servers, writers, the CLI), so
 * they run the sources as they are now, without a prior `npm run build` and with plain `node`.
 *
 * esbuild strips the types file by file (no bundling) into `.vitest/cg-build-<pid>/build`, a
 * folder at the same depth as `dist/`, next to links to the project's top-level folders: code
 * that finds `policies/` or `native/` relative to `import.meta.url` works as it does from `dist/`.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { transform } from 'esbuild';

const SKIP_TOP = new Set(['node_modules', '.git', '.vitest', 'dist', 'src']);

function* walk(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else yield p;
  }
}

export async function buildForChildren(root: string): Promise<{ dir: string; cleanup(): void }> {
  const top = join(root, '.vitest', `cg-build-${process.pid}`);
  rmSync(top, { recursive: true, force: true });
  const out = join(top, 'build');
  mkdirSync(out, { recursive: true });
  for (const e of readdirSync(root)) if (!SKIP_TOP.has(e)) symlinkSync(join(root, e), join(top, e));
  const src = join(root, 'src');
  const failed: string[] = [];
  await Promise.all([...walk(src)].map(async (file) => {
    const rel = relative(src, file);
    if (/\.(test|case)\.ts$|\.d\.ts$/.test(rel)) return;
    const target = join(out, rel.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    if (!rel.endsWith('.ts')) {
      copyFileSync(file, target);
      return;
    }
    try {
      const r = await transform(readFileSync(file, 'utf8'), { loader: 'ts', format: 'esm', target: 'node20', sourcemap: 'inline', sourcefile: file });
      writeFileSync(target, r.code);
    } catch (e) {
      // A colleague's half-written file must not stop every integration test; say which.
      failed.push(`${rel}: ${(e as Error).message.split('\n')[0]}`);
    }
  }));
  if (failed.length > 0) process.stderr.write(`test build: skipped files that do not compile:\n  ${failed.join('\n  ')}\n`);
  return { dir: out, cleanup: () => rmSync(top, { recursive: true, force: true }) };
}
