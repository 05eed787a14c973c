// Boot: the session, the top bar and the route table. Nothing imports this module.

import { api, whenUnauthorized } from './api.js'
import { h, replace, toast } from './dom.js'
import { navigate, startRouter } from './router.js'
import { rememberPlace, session, setSession } from './session.js'
import { signinView } from './views/signin.js'
import { sitesView } from './views/sites.js'
import { siteView } from './views/site.js'
import { builderView } from './views/builder.js'
import { resultsView } from './views/results.js'
import { usersView } from './views/users.js'
import { inboxView } from './views/inbox.js'
import { caseView } from './views/case.js'
import { ROLE_LABELS, label } from './format.js'

const ROUTES = [
  [/^#\/sites$/, sitesView],
  [/^#\/sites\/(\d+)(?:\/(surveys|map|rules|settings|webhooks|alerts))?$/, siteView],
  [/^#\/surveys\/(\d+)$/, builderView],
  [/^#\/surveys\/(\d+)\/results$/, resultsView],
  [/^#\/users$/, usersView],
  [/^#\/inbox(?:\/(mine|unassigned|overdue|all))?$/, inboxView],
  [/^#\/cases\/(\d+)$/, caseView]
]

const topbar = document.getElementById('topbar')

function renderTopbar() {
  const user = session.user
  if (!user) { topbar.hidden = true; return }
  topbar.hidden = false
  const link = (href, text, active = location.hash.startsWith(href)) => h('a', { href, text, class: active ? 'active' : null })
  const inbox = link('#/inbox', 'Inbox', /^#\/(inbox|cases)/.test(location.hash))
  replace(topbar,
    h('a', { class: 'brand', href: '#/sites' }, h('span', { class: 'logo', 'aria-hidden': 'true' }), h('span', { class: 'brand-name', text: 'Touchpoint' })),
    h('nav', { 'aria-label': 'Main' }, link('#/sites', 'Sites'), inbox, link('#/users', 'Users')),
    h('div', { class: 'who' },
      h('span', { class: 'email', text: user.email }),
      h('span', { class: `chip role-${user.role}`, text: label(ROLE_LABELS, user.role) }),
      h('button', { type: 'button', class: 'btn small', text: 'Sign out', on: { click: signOut } })))
  showInboxCount(inbox)
}

/** "Inbox 3": the open cases that are yours or nobody's, fetched after the bar is drawn. */
async function showInboxCount(inbox) {
  let counts
  try { counts = await api('/cases/counts') } catch (e) { return }
  const waiting = counts.mine + counts.unassigned
  if (!waiting) return
  inbox.append(' ', h('span', { class: 'nav-count', text: String(waiting) }),
    h('span', { class: 'sr-only', text: ` open ${waiting === 1 ? 'case' : 'cases'} for you or unassigned` }))
}

async function signOut() {
  try { await api('/session', { method: 'DELETE' }) } catch (e) { /* signed out either way */ }
  setSession(null)
  navigate('#/signin')
}

whenUnauthorized(() => {
  if (!session.user) return
  setSession(null)
  toast('Your session has ended. Please sign in again.', 'error')
  rememberPlace(location.hash)
  navigate('#/signin')
})

async function boot() {
  try {
    setSession(await api('/session'))
  } catch (e) {
    setSession(null)
    rememberPlace(location.hash)
  }
  if (!location.hash) history.replaceState(null, '', session.user ? '#/sites' : '#/signin')
  startRouter(ROUTES, signinView, renderTopbar)
}

boot()
