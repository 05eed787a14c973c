// Builds dist/widget.js: esbuild bundles src/index.js into one minified IIFE, then terser
// compresses it once more, in three passes (about 4 % of the gzip size, which the 8 KB budget needs).
// Code that only some pages need is built first, each into its own file beside the widget (CHUNKS):
//   dist/widget-outcome.js  src/outcome.js: share buttons, review link, a detractor's recovery;
//                           loaded when a visitor finishes a survey;
//   dist/widget-tab.js      src/tab.js: the feedback tab; loaded on pages where a feedback_button
//                           survey is allowed;
//   dist/widget-inline.js   src/inline.js: finds the page's <div data-touchpoint-survey> elements;
//                           loaded on pages where an inline survey is allowed.
// The widget loads each from /widget-<name>.<hash>.js, and the hashes are built into the widget
// (CHUNKS, name → hash), so an old widget never meets a newer chunk. One more file is no chunk but a
// page of its own: dist/widget-preview.js (src/preview.js), the popup renderer alone for the
// admin's live preview (admin/preview.html), so visitors' pages never carry it; and
// dist/widget-page.js (src/page.js), the same renderer full-page for a survey's hosted link.
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
import { createHash } from 'node:crypto'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const CACHE = resolve(here, 'mangle-cache.json')
export const BUDGET = 8192

/** The first 12 hex digits of a file's SHA-256: its content-hashed URL (the server computes the same). */
export const digest = code => createHash('sha256').update(code).digest('hex').slice(0, 12)

async function compile(entry, mangleCache, define) {
  const result = await build({
    absWorkingDir: here,
    entryPoints: [entry],
    bundle: true,
    minify: true,
    mangleProps: /_$/,
    mangleCache,
    define,
    format: 'iife',
    target: 'es2020',
    charset: 'utf8',
    legalComments: 'none',
    sourcemap: false,
    write: false,
    logLevel: 'warning'
  })
  const { code } = await minify(result.outputFiles[0].text, {
    ecma: 2020,
    compress: { passes: 3, unsafe_arrows: true, pure_getters: true },
    mangle: true,
    format: { ascii_only: false }
  })
  return { code: code + '\n', mangleCache: result.mangleCache }
}

/** The chunks: name → source; each is built to widget-<name>.js and its hash defined as NAME in the widget. */
export const CHUNKS = { outcome: 'src/outcome.js', tab: 'src/tab.js', inline: 'src/inline.js' }
/** Built beside the widget, knowing the chunks' hashes too, but loaded by a page of their own. */
export const PAGES = { preview: 'src/preview.js', page: 'src/page.js' }

export async function bundle(outfile = resolve(here, 'dist/widget.js'), { updateCache = false } = {}) {
  const stored = JSON.parse(readFileSync(CACHE, 'utf8'))
  let cache = stored
  const chunks = {}, hashes = {}
  for (const [name, entry] of Object.entries(CHUNKS)) {
    const built = await compile(entry, cache, {})
    cache = built.mangleCache
    chunks[name] = built.code
    hashes[name] = digest(built.code)
  }
  const define = { CHUNKS: JSON.stringify(hashes) }
  for (const [name, entry] of Object.entries(PAGES)) {
    const built = await compile(entry, cache, define)
    cache = built.mangleCache
    chunks[name] = built.code
  }
  const main = await compile('src/index.js', cache, define)
  const added = Object.keys(main.mangleCache).filter(name => !(name in stored))
  if (added.length && !updateCache) {
    throw new Error(`new "_" properties without a stored short name: ${added.join(', ')} (run: node build.mjs --update-cache)`)
  }
  if (updateCache) writeFileSync(CACHE, JSON.stringify(main.mangleCache, null, 2) + '\n')
  writeFileSync(outfile, main.code)
  const size = code => ({ raw: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length })
  const sizes = {}
  for (const [name, code] of Object.entries(chunks)) {
    writeFileSync(chunkPath(outfile, name), code)
    sizes[name] = size(code)
  }
  return { ...size(main.code), chunks: sizes }
}

/** Where a chunk goes beside a widget build: widget.js → widget-outcome.js. */
export const chunkPath = (outfile, name) => outfile.replace(/(\.js)?$/, '-' + name + '.js')

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const updateCache = process.argv.includes('--update-cache')
  const target = process.argv.slice(2).find(arg => !arg.startsWith('--'))
  const { raw, gzip, chunks } = await bundle(target && resolve(target), { updateCache })
  console.log(`widget.js: ${raw} bytes, ${gzip} bytes gzip -9 (budget ${BUDGET})`)
  const when = { outcome: 'when a visitor finishes a survey', tab: 'where a feedback tab is allowed', inline: 'where an inline survey is allowed', preview: 'by the admin\'s live preview', page: 'by a survey\'s hosted link page' }
  for (const [name, { raw, gzip }] of Object.entries(chunks)) {
    console.log(`widget-${name}.js (loaded ${when[name]}): ${raw} bytes, ${gzip} bytes gzip -9`)
  }
  if (gzip > BUDGET) process.exitCode = 1
}
