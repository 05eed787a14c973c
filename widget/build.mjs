// Builds dist/widget.js: esbuild bundles src/index.js into one minified IIFE, then terser
// compresses it once more, in three passes (about 4 % of the gzip size, which the 8 KB budget needs).
//
// The sources use full names. Internal property names end in "_" and esbuild shortens them
// (mangleProps) by mangle-cache.json, which is committed: the names stored in visitors'
// localStorage must never change between releases, and the build stays deterministic, so a
// test can rebuild into a temp dir and compare with the committed dist.
//   node build.mjs [outfile]      (default dist/widget.js; prints raw and gzip -9 sizes)
//   node build.mjs --update-cache (also records the names of new "_" properties in the cache)
import { build } from 'esbuild'
import { minify } from 'terser'
import { readFileSync, writeFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const CACHE = resolve(here, 'mangle-cache.json')
export const BUDGET = 8192

export async function bundle(outfile = resolve(here, 'dist/widget.js'), { updateCache = false } = {}) {
  const mangleCache = JSON.parse(readFileSync(CACHE, 'utf8'))
  const result = await build({
    absWorkingDir: here,
    entryPoints: ['src/index.js'],
    bundle: true,
    minify: true,
    mangleProps: /_$/,
    mangleCache,
    format: 'iife',
    target: 'es2020',
    charset: 'utf8',
    legalComments: 'none',
    sourcemap: false,
    write: false,
    logLevel: 'warning'
  })
  const added = Object.keys(result.mangleCache).filter(name => !(name in mangleCache))
  if (added.length && !updateCache) {
    throw new Error(`new "_" properties without a stored short name: ${added.join(', ')} (run: node build.mjs --update-cache)`)
  }
  if (updateCache) writeFileSync(CACHE, JSON.stringify(result.mangleCache, null, 2) + '\n')
  const { code } = await minify(result.outputFiles[0].text, {
    ecma: 2020,
    compress: { passes: 3, unsafe_arrows: true, pure_getters: true },
    mangle: true,
    format: { ascii_only: false }
  })
  writeFileSync(outfile, code + '\n')
  return { raw: Buffer.byteLength(code) + 1, gzip: gzipSync(code + '\n', { level: 9 }).length }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const updateCache = process.argv.includes('--update-cache')
  const target = process.argv.slice(2).find(arg => !arg.startsWith('--'))
  const { raw, gzip } = await bundle(target && resolve(target), { updateCache })
  console.log(`widget.js: ${raw} bytes, ${gzip} bytes gzip -9 (budget ${BUDGET})`)
  if (gzip > BUDGET) process.exitCode = 1
}
