// The hash router: #/sites, #/sites/1/map, #/surveys/5, #/surveys/5/results, #/users.
// It knows no views: app.js gives it the route table and the frame to draw around them.

import { h, replace } from './dom.js'
import { session } from './session.js'

let routes = [], signinView = null, drawFrame = () => {}
let cleanup = null
let leaveGuard = null
let currentHash = null
const main = () => document.getElementById('main')

/** A view may refuse to be left (unsaved changes): it registers a function returning true to allow. The guard counts
 * only while the view's outlet is on the page: a view that finished after the visitor moved on guards nothing. */
export const guardLeaving = (outlet, fn) => { if (outlet.isConnected) leaveGuard = fn }

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
  // Each route draws into its own outlet. A slow view that finishes after the visitor has moved on draws into an
  // outlet no longer on the page, so it can never cover the view that replaced it.
  const outlet = h('div', { class: 'outlet' }, h('p', { class: 'loading', text: 'Loading…' }))
  replace(main(), outlet)
  const stale = () => !outlet.isConnected
  try {
    const done = await view(outlet, ...params.slice(1)) || null
    if (stale()) { done?.(); return }
    cleanup = done
  } catch (e) {
    if (e.status === 401 || stale()) return
    replace(outlet, h('div', { class: 'page' }, h('div', { class: 'notice error', role: 'alert' },
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
