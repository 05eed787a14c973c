import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const dist = new URL('../dist/widget.js', import.meta.url)
const FILES = ['outcome', 'tab', 'inline', 'preview', 'page'] // built beside widget.js: build.mjs CHUNKS and PAGES
const beside = name => new URL(`../dist/widget-${name}.js`, import.meta.url)
const hasEsbuild = existsSync(new URL('../node_modules/esbuild/package.json', import.meta.url))

test('committed dist/widget.js is exactly what the build produces from src/', { skip: !hasEsbuild && !process.env.CI && 'esbuild not installed (npm ci)' }, async () => {
  const { bundle } = await import('../build.mjs')
  const dir = mkdtempSync(join(tmpdir(), 'tp-build-'))
  try {
    await bundle(join(dir, 'a.js'))
    await bundle(join(dir, 'b.js'))
    const a = readFileSync(join(dir, 'a.js')), b = readFileSync(join(dir, 'b.js'))
    assert.ok(a.equals(b), 'the build is deterministic')
    assert.ok(a.equals(readFileSync(dist)), 'dist/widget.js is stale: run npm run build')
    const { CHUNKS, PAGES } = await import('../build.mjs')
    assert.deepEqual(Object.keys({ ...CHUNKS, ...PAGES }), FILES)
    for (const name of FILES) {
      const chunk = readFileSync(join(dir, `a-${name}.js`))
      assert.ok(chunk.equals(readFileSync(join(dir, `b-${name}.js`))), `the ${name} build is deterministic`)
      assert.ok(chunk.equals(readFileSync(beside(name))), `dist/widget-${name}.js is stale: run npm run build`)
    }
  } finally { rmSync(dir, { recursive: true, force: true }) }
})

test('the widget fits the size budget: ≤ 8192 bytes gzip -9', () => {
  const code = readFileSync(dist), gz = gzipSync(code, { level: 9 }).length
  console.log(`widget.js ${code.length} bytes, ${gz} bytes gzip -9`)
  assert.ok(gz <= 8192, `${gz} bytes gzip`)
})

test('each file is one IIFE with no eval, no innerHTML, no sync XHR, no cookies', () => {
  for (const file of [dist, ...FILES.map(beside)]) {
    const s = readFileSync(file, 'utf8')
    assert.match(s, /^\(\(\)=>\{[\s\S]*\}\)\(\);\n?$/)
    for (const bad of ['eval(', 'new Function', 'innerHTML', 'outerHTML', 'insertAdjacentHTML', 'XMLHttpRequest', 'document.cookie', 'document.write', 'sourceMappingURL'])
      assert.ok(!s.includes(bad), bad)
  }
})

test('the names stored in visitors\' localStorage keep their short forms across releases', () => {
  const cache = JSON.parse(readFileSync(new URL('../mangle-cache.json', import.meta.url), 'utf8'))
  const stored = {
    visitorId_: 'v', pageViews_: 'n', visits_: 'k', lastPageView_: 't', lastDisplay_: 'l', surveys_: 's',
    displayedAt_: 'd', displayVisit_: 'e', answeredAt_: 'a', dismissedAt_: 'x', cartItems_: 'c', traits_: 'i',
    queue_: 'q', kind_: 'k', id_: 'i', body_: 'b', site_: 's', failures_: 'n', nextTry_: 'w'
  }
  for (const [name, short] of Object.entries(stored)) assert.equal(cache[name], short, name)
})
