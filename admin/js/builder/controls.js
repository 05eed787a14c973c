// Form controls bound to a path of the survey being edited: they read it, write it, and report the change.
// ctx = {draft, readonly, change({rerender})}

import { field, h } from '../dom.js'
import { get, getText, set, setText } from './model.js'

/** A text input (or textarea with rows) bound to path; an empty value is stored as emptyAs. */
export function textControl(ctx, path, { rows = 0, emptyAs = '', ...props } = {}) {
  const el = h(rows ? 'textarea' : 'input', { ...(rows ? { rows } : { type: 'text' }), ...props, disabled: ctx.readonly })
  el.value = get(ctx.draft, path) ?? ''
  el.addEventListener('input', () => { set(ctx.draft, path, el.value === '' ? emptyAs : el.value); ctx.change() })
  return el
}

/**
 * A textarea bound to one text of one locale (`key` may be a function, read at each edit: a question's id can change).
 * The same text can be edited in two places (beside its question and under Texts): the draft holds it once,
 * and an edit here refreshes the other places showing it.
 */
export function textKeyControl(ctx, locale, key, props = {}) {
  const keyNow = typeof key === 'function' ? key : () => key
  const el = h('textarea', { rows: 1, class: 'autosize', maxlength: 2000, ...props, disabled: ctx.readonly })
  el.value = getText(ctx.draft, locale, keyNow())
  el.dataset.text = `${locale}\n${keyNow()}`
  el.addEventListener('input', () => {
    el.dataset.text = `${locale}\n${keyNow()}`
    setText(ctx.draft, locale, keyNow(), el.value)
    for (const other of document.querySelectorAll('textarea[data-text]')) {
      if (other !== el && other.dataset.text === el.dataset.text) other.value = el.value
    }
    ctx.change()
  })
  return el
}

/** A number input bound to path; empty means null when nullable. */
export function numberControl(ctx, path, { nullable = false, ...props } = {}) {
  const el = h('input', { type: 'number', inputmode: 'decimal', ...props, disabled: ctx.readonly })
  const value = get(ctx.draft, path)
  el.value = value ?? ''
  el.addEventListener('input', () => {
    if (el.value === '') { if (nullable) set(ctx.draft, path, null) } else set(ctx.draft, path, Number(el.value))
    ctx.change()
  })
  return el
}

/** A checkbox bound to a boolean at path. */
export function boolControl(ctx, path, text, { rerender = false } = {}) {
  const box = h('input', { type: 'checkbox', checked: !!get(ctx.draft, path), disabled: ctx.readonly })
  box.addEventListener('change', () => { set(ctx.draft, path, box.checked); ctx.change({ rerender }) })
  return h('label', { class: 'check', dataset: { field: path } }, box, h('span', { text }))
}

/** A select bound to path, from [value, label] pairs. */
export function selectControl(ctx, path, options, { rerender = false, onPick = null, ...props } = {}) {
  const el = h('select', { ...props, disabled: ctx.readonly }, options.map(([v, text]) => h('option', { value: v, text })))
  el.value = get(ctx.draft, path) ?? ''
  el.addEventListener('change', () => {
    if (onPick) onPick(el.value)
    else set(ctx.draft, path, el.value)
    ctx.change({ rerender })
  })
  return el
}

/** Checkboxes for a list of values at path (devices, share networks). */
export function setControl(ctx, path, options, legend) {
  const chosen = () => get(ctx.draft, path) || []
  return h('fieldset', { class: 'checks', dataset: { field: path } }, h('legend', { class: 'label', text: legend }),
    options.map(([value, text]) => {
      const box = h('input', { type: 'checkbox', checked: chosen().includes(value), disabled: ctx.readonly })
      box.addEventListener('change', () => {
        const next = chosen().filter(v => v !== value)
        if (box.checked) next.push(value)
        set(ctx.draft, path, options.map(o => o[0]).filter(v => next.includes(v)))
        ctx.change()
      })
      return h('label', { class: 'check' }, box, h('span', { text }))
    }))
}

/** A labelled field for a bound control, carrying its path for server errors. */
export const bound = (label, path, control, hint) => field(label, control, { name: path, hint })

const MATCHES = [['contains', 'contains'], ['starts_with', 'starts with'], ['ends_with', 'ends with'], ['exact', 'is exactly'], ['regex', 'matches regex']]
const TARGETS = [['path', 'Path'], ['url', 'Full URL']]

/** An editable list of URL rules {match, value, target} at path. */
export function ruleList(ctx, path, { empty, addLabel }) {
  const rules = () => get(ctx.draft, path) || []
  const rows = rules().map((rule, i) => h('div', { class: 'rule-row', dataset: { field: `${path}.${i}` } },
    selectControl(ctx, `${path}.${i}.target`, TARGETS, { 'aria-label': 'Compare' }),
    selectControl(ctx, `${path}.${i}.match`, MATCHES, { 'aria-label': 'How' }),
    h('div', { class: 'rule-value', dataset: { field: `${path}.${i}.value` } },
      textControl(ctx, `${path}.${i}.value`, { 'aria-label': 'Value', placeholder: rule.target === 'url' ? 'https://…' : '/shop' })),
    !ctx.readonly && h('button', {
      type: 'button', class: 'btn icon', 'aria-label': 'Remove rule', title: 'Remove rule', text: '✕',
      on: { click: () => { set(ctx.draft, path, rules().filter((_, j) => j !== i)); ctx.change({ rerender: true }) } }
    })))
  return h('div', { class: 'rules', dataset: { field: path } },
    rows.length ? rows : h('p', { class: 'muted small', text: empty }),
    !ctx.readonly && h('button', {
      type: 'button', class: 'btn small', text: addLabel,
      on: { click: () => { set(ctx.draft, path, [...rules(), { match: 'starts_with', value: '', target: 'path' }]); ctx.change({ rerender: true }) } }
    }))
}
