// Builds dist/widget.js: esbuild bundles src/index.js into one minified IIFE, then terser
// compresses it once more (about 4 % of the gzip size, which the 8 KB budget needs).
// Deterministic: the same sources give the same bytes, so a test can rebuild into a temp
// dir and compare with the committed dist.
//   node build.mjs [outfile]      (default dist/widget.js; prints raw and gzip -9 sizes)
import { build } from 'esbuild'
import { minify } from 'terser'
import { writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
export const BUDGET = 8192

export async function bundle(outfile = resolve(here, 'dist/widget.js')) {
  const r = await build({
    absWorkingDir: here,
    entryPoints: ['src/index.js'],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    charset: 'utf8',
    legalComments: 'none',
    sourcemap: false,
    write: false,
    logLevel: 'warning'
  })
  const { code } = await minify(r.outputFiles[0].text, {
    ecma: 2020,
    compress: { passes: 2, unsafe_arrows: true, pure_getters: true },
    mangle: true,
    format: { ascii_only: false }
  })
  writeFileSync(outfile, code + '\n')
  return { raw: Buffer.byteLength(code) + 1, gzip: gzipSync(code + '\n', { level: 9 }).length }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { raw, gzip } = await bundle(process.argv[2] && resolve(process.argv[2]))
  console.log(`widget.js: ${raw} bytes, ${gzip} bytes gzip -9 (budget ${BUDGET})`)
  if (gzip > BUDGET) process.exitCode = 1
}
