// The hash router: #/sites, #/sites/1/map, #/surveys/5, #/surveys/5/results, #/users.
// It knows no views: app.js gives it the route table and the frame to draw around them.

import { h, replace } from './dom.js'
import { session } from './session.js'

let routes = [], signinView = null, drawFrame = () => {}
let cleanup = null
let leaveGuard = null
let currentHash = null
const main = () => document.getElementById('main')

/** A view may refuse to be left (unsaved changes): it registers a function returning true to allow. */
export const guardLeaving = fn => { leaveGuard = fn }

export function navigate(hash) {
  if (location.hash === hash) route()
  else location.hash = hash
}

async function route() {
  if (leaveGuard && location.hash !== currentHash && !leaveGuard()) {
    history.replaceState(null, '', currentHash)
    return
  }
  leaveGuard = null
  cleanup?.()
  cleanup = null
  currentHash = location.hash
  if (!session.user || location.hash === '#/signin') {
    if (session.user) return navigate('#/sites')
    drawFrame()
    return signinView(main())
  }
  drawFrame()
  const match = routes.map(([pattern, view]) => [location.hash.match(pattern), view]).find(([found]) => found)
  if (!match) return navigate('#/sites')
  const [params, view] = match
  replace(main(), h('p', { class: 'loading', text: 'Loading…' }))
  try {
    cleanup = await view(main(), ...params.slice(1)) || null
  } catch (e) {
    if (e.status === 401) return
    replace(main(), h('div', { class: 'page' }, h('div', { class: 'notice error', role: 'alert' },
      h('p', { text: e.status === 404 ? 'This page no longer exists: it may have been deleted.' : e.message }),
      h('a', { href: '#/sites', text: 'Back to your sites' }))))
  }
  main().focus({ preventScroll: true })
}

/** Start routing: `table` is [[pattern, view]], `signin` the view for signed-out visitors, `frame` redraws the top bar. */
export function startRouter(table, signin, frame) {
  routes = table
  signinView = signin
  drawFrame = frame
  window.addEventListener('hashchange', route)
  window.addEventListener('beforeunload', e => { if (leaveGuard && !leaveGuard(true)) e.preventDefault() })
  route()
}
