// Server validation errors shown next to the fields they name (data-field="outcomes.recovery_url").

import { h, toast } from '../dom.js'

/**
 * The closest elements for an error name: the exact field, else its parents (questions.0.options.1 → questions.0 …).
 * All of them: a text can be edited in two places (beside its question and under Texts), both say what is wrong.
 */
function targets(root, name) {
  const parts = name.split('.')
  while (parts.length) {
    const found = [...root.querySelectorAll(`[data-field="${CSS.escape(parts.join('.'))}"]`)]
    if (found.length) return found
    parts.pop()
  }
  return []
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
    const els = targets(root, name)
    const text = err.errors[name].join(' ')
    if (!els.length) { unplaced.push(`${name}: ${text}`); continue }
    for (const el of els) {
      el.classList.add('has-error')
      el.querySelector('input, select, textarea')?.setAttribute('aria-invalid', 'true')
      el.append(h('p', { class: 'field-error', text: name === el.dataset.field ? text : `${name.split('.').slice(-1)[0]}: ${text}` }))
    }
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
