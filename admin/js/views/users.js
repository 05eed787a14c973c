// Users of the admin panel: admins invite, change roles, remove and end sessions; viewers see the list.

import { api } from '../api.js'
import { actionsHeader, confirmDialog, field, h, replace, select, toast } from '../dom.js'
import { navigate } from '../router.js'
import { isAdmin, session } from '../session.js'
import { ROLE_LABELS, dateTime, label } from '../format.js'
import { showErrors } from '../components/form-errors.js'
import { sessionsByUser, sessionsCell } from '../components/user-sessions.js'

const ROLES = [['admin', 'Admin: changes everything'], ['agent', 'Agent: works cases, reads the rest'], ['viewer', 'Viewer: reads results only']]
const A_ROLE = { admin: 'an admin', agent: 'an agent', viewer: 'a viewer' }

export async function usersView(main) {
  // only admins may see sessions: viewers are refused GET /sessions
  const [users, sessions] = await Promise.all([api('/users'), isAdmin() ? api('/sessions') : null])
  const byUser = isAdmin() && sessionsByUser(sessions)
  const columns = ['E-mail', 'Role', 'Added', byUser && 'Sessions'].filter(t => t !== false)
  replace(main, h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('div', {}, h('h1', { text: 'Users' }),
      h('p', { class: 'muted', text: 'Admins build surveys and change settings; agents work the case inbox; viewers read results and comments.' }))),
    h('div', { class: 'table-wrap card' }, h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, columns.map(t => h('th', { scope: 'col', text: t })), actionsHeader())),
      h('tbody', {}, users.map(user => userRow(user, byUser && (byUser.get(user.id) || []), columns.length + 1))))),
    isAdmin() && inviteForm()))
}

/** A user's row; for admins also their sessions, whose list opens in a row of its own below. */
function userRow(user, sessions, columns) {
  const me = user.id === session.user.id
  const role = isAdmin() && !me
    ? select(ROLES, user.role, async value => {
      try {
        await api(`/users/${user.id}`, { method: 'PATCH', body: { role: value } })
        toast(`${user.email} is now ${A_ROLE[value]} and must sign in again.`)
      } catch (err) { toast(err.message, 'error') }
      navigate('#/users') // the role and the sessions count as the server now has them
    }, { 'aria-label': `Role of ${user.email}` })
    : h('span', { text: label(ROLE_LABELS, user.role) })
  const remove = isAdmin() && !me && h('button', {
    type: 'button', class: 'btn small danger', text: 'Remove',
    on: {
      click: async () => {
        if (!await confirmDialog({ title: `Remove ${user.email}?`, message: 'They can no longer sign in. Their surveys and results stay.', confirm: 'Remove', danger: true })) return
        try {
          await api(`/users/${user.id}`, { method: 'DELETE' })
          toast(`${user.email} removed.`)
          navigate('#/users')
        } catch (err) { toast(err.message, 'error') }
      }
    }
  })
  const [sessionsTd, sessionsRow] = sessions ? sessionsCell(user, sessions, columns) : []
  return [h('tr', {}, h('td', {}, user.email, me && h('span', { class: 'muted', text: ' (you)' })), h('td', {}, role),
    h('td', { text: dateTime(user.created_at) }), sessionsTd,
    h('td', { class: 'row-actions' }, isAdmin() && passwordForm(user), remove)), sessionsRow]
}

/** A button that opens a one-field form to give a user a new password (their sessions end, but your own current one). */
function passwordForm(user) {
  const input = h('input', { type: 'text', autocomplete: 'new-password', minlength: 8, 'aria-label': `New password for ${user.email}`, placeholder: 'New password' })
  const form = h('form', { class: 'inline-form', hidden: true, dataset: { field: 'password' } }, input,
    h('button', { type: 'submit', class: 'btn small primary', text: 'Set' }))
  const open = h('button', { type: 'button', class: 'btn small', text: 'New password…', on: { click: () => { form.hidden = false; open.hidden = true; input.focus() } } })
  form.addEventListener('submit', async e => {
    e.preventDefault()
    try {
      await api(`/users/${user.id}`, { method: 'PATCH', body: { password: input.value } })
      toast(`New password set for ${user.email}. ${user.id === session.user.id ? 'Your other sessions have' : 'Their sessions have'} ended.`)
      form.hidden = true
      open.hidden = false
      input.value = ''
    } catch (err) { showErrors(form, err) }
  })
  return h('span', { class: 'password-tools' }, open, form)
}

function inviteForm() {
  const email = h('input', { type: 'email', autocomplete: 'off', required: true })
  const password = h('input', { type: 'text', autocomplete: 'new-password', minlength: 8, required: true })
  let role = 'viewer'
  const form = h('form', { class: 'card form-card', novalidate: true },
    h('h2', { text: 'Invite someone' }),
    h('div', { class: 'grid-3' },
      field('E-mail', email, { name: 'email' }),
      field('Role', select(ROLES, role, v => { role = v }), { name: 'role' }),
      field('First password', password, { name: 'password', hint: 'At least 8 characters. Share it privately; they can get a new one from an admin.' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', text: 'Add user' })))
  form.addEventListener('submit', async e => {
    e.preventDefault()
    try {
      const user = await api('/users', { method: 'POST', body: { email: email.value.trim(), role, password: password.value } })
      toast(`${user.email} can now sign in.`)
      navigate('#/users')
    } catch (err) { showErrors(form, err) }
  })
  return form
}
