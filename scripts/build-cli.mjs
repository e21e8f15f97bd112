#!/usr/bin/env node
// `npm run build:cli`, second step (after tsc has type-checked and emitted dist/node/): bundles the
// command line into ONE file, dist/node/cli/main.js, the file bin/selfeval.js runs.
//
// Why a bundle: a cold `selfeval check` spent most of its time resolving and compiling ~60 modules
// and loading exceljs, which a well-formed workbook never needs (the direct reader in src/xlsx/fast.ts
// reads it). In the bundle, `exceljs` is replaced by a stand-in that requires the real package on first
// use, so only the fallback path (damaged or unusual files) pays for it; docx and mammoth likewise. The same file is the worker
// threads' script (src/cli/pool.ts), so workers start as fast as the command.
//
//   node scripts/build-cli.mjs [--outdir DIR]     DIR defaults to dist/node
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const LAZY = 'selfeval-lazy';
/**
 * Big packages only some commands or some files need: exceljs (the fallback reader, 汇总表.xlsx), docx (the
 * review's letters), mammoth (reading a 自评报告). Each stays in node_modules and is required on first use.
 */
export const LAZY_PACKAGES = ['exceljs', 'docx', 'mammoth'];

/**
 * `import X from 'pkg'` / `import { A } from 'pkg'` → a stand-in whose properties come from require('pkg')
 * when first read. The bundle's import helper reads __esModule, the own keys and the prototype of what it
 * imports: none of those may load the package, so the named imports are found through the prototype.
 */
export const lazyPackages = {
  name: 'lazy-packages',
  setup(b) {
    const filter = new RegExp(`^(${LAZY_PACKAGES.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, (args) => (args.namespace === LAZY ? { path: args.path, external: true } : { path: args.path, namespace: LAZY }));
    b.onLoad({ filter: /.*/, namespace: LAZY }, (args) => ({
      loader: 'js',
      resolveDir: ROOT,
      contents: [
        'let real;',
        `const load = () => (real ??= require(${JSON.stringify(args.path)}));`,
        "const read = (_, key) => (key === '__esModule' ? undefined : load()[key]);",
        'const named = new Proxy(Object.create(null), { get: read });',
        'module.exports = new Proxy({}, { get: read, ownKeys: () => [], getPrototypeOf: () => named });',
      ].join('\n'),
    }));
  },
};

export async function buildCli(outdir = join(ROOT, 'dist', 'node')) {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const result = await build({
    entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')],
    outfile: join(outdir, 'cli', 'main.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${(pkg.engines?.node ?? '>=20').replace(/[^\d.]/g, '').split('.')[0]}`,
    // Every other dependency (decimal.js) is small and goes into the bundle.
    plugins: [lazyPackages],
    // Only named when running from the sources (src/cli/pool.ts), never loaded by the bundle.
    external: ['tsx', 'tsx/*'],
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--outdir');
  const outdir = i > 0 ? resolve(process.argv[i + 1]) : undefined;
  buildCli(outdir).catch((e) => {
    console.error(`命令行程序打包失败：${e && e.message ? e.message : e}`);
    process.exit(1);
  });
}
