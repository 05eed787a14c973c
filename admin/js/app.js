// Boot, session and the hash router: #/sites, #/sites/1/map, #/surveys/5, #/surveys/5/results, #/users.

import { api, setCsrfToken, whenUnauthorized } from './api.js'
import { h, replace, toast } from './dom.js'
import { signinView } from './views/signin.js'
import { sitesView } from './views/sites.js'
import { siteView } from './views/site.js'
import { builderView } from './views/builder.js'
import { resultsView } from './views/results.js'
import { usersView } from './views/users.js'

/** Who is signed in; views read `session.user.role` to hide what a viewer cannot do. */
export const session = { user: null }
export const isAdmin = () => session.user?.role === 'admin'

const ROUTES = [
  [/^#\/sites$/, sitesView],
  [/^#\/sites\/(\d+)(?:\/(surveys|map|rules|settings))?$/, siteView],
  [/^#\/surveys\/(\d+)$/, builderView],
  [/^#\/surveys\/(\d+)\/results$/, resultsView],
  [/^#\/users$/, usersView]
]

const main = document.getElementById('main')
const topbar = document.getElementById('topbar')
let cleanup = null
let leaveGuard = null
let currentHash = null

/** A view may refuse to be left (unsaved changes): it registers a function returning true to allow. */
export const guardLeaving = fn => { leaveGuard = fn }

export function navigate(hash) {
  if (location.hash === hash) route()
  else location.hash = hash
}

function renderTopbar() {
  const user = session.user
  if (!user) { topbar.hidden = true; return }
  topbar.hidden = false
  const link = (href, text) => h('a', { href, text, class: location.hash.startsWith(href) ? 'active' : null })
  replace(topbar,
    h('a', { class: 'brand', href: '#/sites' }, h('span', { class: 'logo', 'aria-hidden': 'true' }), 'Touchpoint'),
    h('nav', { 'aria-label': 'Main' }, link('#/sites', 'Sites'), link('#/users', 'Users')),
    h('div', { class: 'who' },
      h('span', { class: 'email', text: user.email }),
      h('span', { class: `chip role-${user.role}`, text: user.role === 'admin' ? 'Admin' : 'Viewer' }),
      h('button', { type: 'button', class: 'btn small', text: 'Sign out', on: { click: signOut } })))
}

async function signOut() {
  try { await api('/session', { method: 'DELETE' }) } catch (e) { /* signed out either way */ }
  session.user = null
  setCsrfToken(null)
  navigate('#/signin')
}

/** Called by the sign-in view. */
export function signedIn(body) {
  session.user = body.user
  setCsrfToken(body.csrf_token)
  const back = sessionStorage.getItem('touchpoint.after-signin')
  sessionStorage.removeItem('touchpoint.after-signin')
  navigate(back && back !== '#/signin' ? back : '#/sites')
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
    renderTopbar()
    return signinView(main)
  }
  renderTopbar()
  const match = ROUTES.map(([re, view]) => [location.hash.match(re), view]).find(([m]) => m)
  if (!match) return navigate('#/sites')
  const [params, view] = match
  replace(main, h('p', { class: 'loading', text: 'Loading…' }))
  try {
    cleanup = await view(main, ...params.slice(1)) || null
  } catch (e) {
    if (e.status === 401) return
    replace(main, h('div', { class: 'page' }, h('div', { class: 'notice error', role: 'alert' },
      h('p', { text: e.status === 404 ? 'This page no longer exists: it may have been deleted.' : e.message }),
      h('a', { href: '#/sites', text: 'Back to your sites' }))))
  }
  main.focus({ preventScroll: true })
}

whenUnauthorized(() => {
  if (!session.user) return
  session.user = null
  toast('Your session has ended. Please sign in again.', 'error')
  sessionStorage.setItem('touchpoint.after-signin', location.hash)
  navigate('#/signin')
})

window.addEventListener('hashchange', route)
window.addEventListener('beforeunload', e => { if (leaveGuard && !leaveGuard(true)) e.preventDefault() })

async function boot() {
  try {
    const body = await api('/session')
    session.user = body.user
    setCsrfToken(body.csrf_token)
  } catch (e) {
    session.user = null
    if (location.hash && location.hash !== '#/signin') sessionStorage.setItem('touchpoint.after-signin', location.hash)
  }
  if (!location.hash) history.replaceState(null, '', session.user ? '#/sites' : '#/signin')
  route()
}

boot()
