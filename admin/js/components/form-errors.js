// Server validation errors shown next to the fields they name (data-field="outcomes.recovery_url").

import { h, toast } from '../dom.js'

/** The closest element for an error name: the exact field, else its parents (questions.0.options.1 → questions.0 …). */
function target(root, name) {
  const parts = name.split('.')
  while (parts.length) {
    const el = root.querySelector(`[data-field="${CSS.escape(parts.join('.'))}"]`)
    if (el) return el
    parts.pop()
  }
  return null
}

/** Remove every error message shown in root. */
export function clearErrors(root) {
  root.querySelectorAll('.field-error').forEach(el => el.remove())
  root.querySelectorAll('.has-error').forEach(el => el.classList.remove('has-error'))
  root.querySelectorAll('[aria-invalid]').forEach(el => el.removeAttribute('aria-invalid'))
}

/**
 * Show an ApiError's field errors inside root; returns the names no field claimed.
 * Errors without fields become a toast.
 */
export function showErrors(root, err, { summary = null, scroll = true } = {}) {
  clearErrors(root)
  const names = Object.keys(err.errors || {})
  if (!names.length) {
    toast(err.message, 'error')
    return []
  }
  const unplaced = []
  for (const name of names) {
    const el = target(root, name)
    const text = err.errors[name].join(' ')
    if (!el) { unplaced.push(`${name}: ${text}`); continue }
    el.classList.add('has-error')
    el.querySelector('input, select, textarea')?.setAttribute('aria-invalid', 'true')
    el.append(h('p', { class: 'field-error', text: name === el.dataset.field ? text : `${name.split('.').slice(-1)[0]}: ${text}` }))
  }
  if (summary) {
    summary.replaceChildren()
    summary.hidden = !unplaced.length
    unplaced.forEach(line => summary.append(h('p', { text: line })))
  } else if (unplaced.length) {
    toast(unplaced.join('\n'), 'error')
  }
  if (scroll) root.querySelector('.has-error')?.scrollIntoView({ block: 'center', behavior: 'smooth' })
  return unplaced
}
