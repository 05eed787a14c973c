import { build } from 'esbuild'
import { minify } from 'terser'
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
const mangleCache = JSON.parse(readFileSync('mangle-cache.json','utf8'))
async function size(patch) {
  const plugin = { name: 'p', setup(b) { b.onLoad({ filter: /src\/.*\.js$/ }, a => { let c = readFileSync(a.path, 'utf8'); for (const [f, x, y] of patch) if (a.path.endsWith(f)) c = c.replace(x, y); return { contents: c, loader: 'js' } }) } }
  const r = await build({ entryPoints:['src/index.js'], bundle:true, minify:true, mangleProps:/_$/, mangleCache, format:'iife', target:'es2020', charset:'utf8', legalComments:'none', write:false, logLevel:'error', plugins:[plugin]})
  const { code } = await minify(r.outputFiles[0].text, { ecma: 2020, format: { ascii_only: false }, compress: { passes: 2, unsafe_arrows: true, pure_getters: true }, mangle: true })
  return gzipSync(code + '\n', { level: 9 }).length
}
const base = await size([])
console.log('base', base)
const exps = {
  device: [['index.js', "const device = deviceClass(navigator.userAgent, navigator.maxTouchPoints)", "const device = 'desktop'"]],
  toFixed: [['outcomes.js', "encode(+(+score).toFixed(1))", "encode(score)"]],
  cliReduce: [['scoring.js', "CLI_ITEMS.reduce((sum, item) => sum + value[item], 0) / 3", "(value.recommend + value.buy_again + value.try_other) / 3"]],
}
for (const [n, p] of Object.entries(exps)) console.log(n, (await size(p)) - base)
