// Bundles main.jsx (and snippets/react/Touchpoint.jsx, resolving React from here) into one file.
//   node build.mjs <outfile>
import { build } from 'esbuild'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
await build({
  entryPoints: [resolve(here, 'main.jsx')],
  outfile: process.argv[2],
  bundle: true,
  jsx: 'automatic',
  nodePaths: [resolve(here, 'node_modules')],
  define: { 'process.env.NODE_ENV': '"development"' },
  logLevel: 'warning'
})
