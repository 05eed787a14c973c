// A user's signed-in sessions on the users screen (admins only): a count that opens the list,
// "End" per session and "Sign out everywhere".

import { api } from '../api.js'
import { confirmDialog, h, toast } from '../dom.js'
import { navigate } from '../router.js'
import { dateTime } from '../format.js'

/** Group the sessions of GET /sessions by user id. */
export function sessionsByUser(sessions) {
  const out = new Map()
  for (const s of sessions || []) out.set(s.user_id, [...(out.get(s.user_id) || []), s])
  return out
}

/**
 * The "sessions" cell of a user's row and the row below it that lists them.
 * Returns [cell, detailRow]; the detail row spans `columns` columns and starts hidden.
 */
export function sessionsCell(user, sessions, columns) {
  const list = h('ul', { class: 'session-list' }, sessions.map(s => sessionItem(user, s)))
  const everywhere = h('button', {
    type: 'button', class: 'btn small danger', text: 'Sign out everywhere',
    on: { click: () => signOutEverywhere(user, sessions) }
  })
  const detail = h('tr', { class: 'session-row', hidden: true },
    h('td', { colspan: columns }, list, h('div', { class: 'actions left' }, everywhere)))
  if (!sessions.length) return [h('td', {}, h('span', { class: 'muted', text: 'None' })), detail]
  const shown = `${sessions.length} ${sessions.length === 1 ? 'session' : 'sessions'}`
  // the name starts with the visible words, so "click 2 sessions" works for voice control (WCAG 2.5.3)
  const toggle = h('button', {
    type: 'button', class: 'btn small', 'aria-expanded': 'false', text: shown, 'aria-label': `${shown} of ${user.email}`,
    on: {
      click: () => {
        detail.hidden = !detail.hidden
        toggle.setAttribute('aria-expanded', String(!detail.hidden))
      }
    }
  })
  return [h('td', {}, toggle), detail]
}

function sessionItem(user, s) {
  const end = !s.current && h('button', {
    type: 'button', class: 'btn small', text: 'End', 'aria-label': `End the session of ${user.email} on ${s.device}`,
    on: {
      click: async () => {
        try {
          await api(`/sessions/${s.id}`, { method: 'DELETE' })
          toast(`Session of ${user.email} on ${s.device} ended.`)
        } catch (err) { toast(err.message, 'error') }
        navigate('#/users')
      }
    }
  })
  return h('li', {},
    h('span', { class: 'session-what' }, h('strong', { text: s.device }), s.ip && h('span', { class: 'muted', text: ` · ${s.ip}` }),
      s.current && h('span', { class: 'chip', text: 'this browser' })),
    h('span', { class: 'muted session-when', text: `last used ${dateTime(s.last_seen_at)} · signed in ${dateTime(s.created_at)}` }),
    end)
}

async function signOutEverywhere(user, sessions) {
  const mine = sessions.some(s => s.current)
  const message = mine
    ? 'Every other browser you are signed in on is signed out. This one stays signed in.'
    : `${user.email} is signed out on every device and must sign in again.`
  if (!await confirmDialog({ title: `Sign ${user.email} out everywhere?`, message, confirm: 'Sign out everywhere', danger: true })) return
  try {
    const { ended } = await api(`/users/${user.id}/sessions`, { method: 'DELETE' })
    toast(`${ended} ${ended === 1 ? 'session' : 'sessions'} of ${user.email} ended.`)
  } catch (err) { toast(err.message, 'error') }
  navigate('#/users')
}
