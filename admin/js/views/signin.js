// The sign-in screen.

import { api } from '../api.js'
import { h, replace } from '../dom.js'
import { navigate } from '../router.js'
import { setSession, takePlace } from '../session.js'

export function signinView(main) {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true, id: 'signin-email' })
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true, id: 'signin-password' })
  const error = h('p', { class: 'form-error', role: 'alert' })
  const button = h('button', { type: 'submit', class: 'btn primary wide', text: 'Sign in' })
  const form = h('form', { class: 'signin-card', novalidate: true },
    h('div', { class: 'signin-brand' }, h('span', { class: 'logo', 'aria-hidden': 'true' }), h('span', { text: 'Touchpoint' })),
    h('h1', { text: 'Sign in' }),
    h('p', { class: 'muted', text: 'Surveys, scores and comments for your websites.' }),
    h('div', { class: 'field' }, h('label', { class: 'label', for: email.id, text: 'E-mail' }), email),
    h('div', { class: 'field' }, h('label', { class: 'label', for: password.id, text: 'Password' }), password),
    error, button,
    h('p', { class: 'hint', text: 'No account yet? An admin can invite you, or run “flask --app server create-admin” on the server.' }))
  form.addEventListener('submit', async e => {
    e.preventDefault()
    error.textContent = ''
    if (!email.value.trim() || !password.value) {
      error.textContent = 'Enter your e-mail and password.'
      return
    }
    button.disabled = true
    button.textContent = 'Signing in…'
    try {
      setSession(await api('/session', { method: 'POST', body: { email: email.value.trim(), password: password.value } }))
      navigate(takePlace())
    } catch (err) {
      error.textContent = err.status === 429 ? 'Too many attempts. Wait a minute and try again.' : err.message
      password.select()
    } finally {
      button.disabled = false
      button.textContent = 'Sign in'
    }
  })
  replace(main, h('div', { class: 'signin' }, form))
  email.focus()
}
