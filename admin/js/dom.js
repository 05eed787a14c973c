// Building the DOM safely: every text goes through textContent, never through HTML parsing.

/**
 * Create an element. props: {class, text, on: {event: fn}, dataset: {}, ...attributes};
 * children: nodes, strings (as text) or falsy values (skipped), arrays flattened.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag)
  for (const [key, value] of Object.entries(props || {})) {
    if (value == null || value === false) continue
    if (key === 'text') el.textContent = value
    else if (key === 'class') el.className = value
    else if (key === 'on') for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn)
    else if (key === 'dataset') Object.assign(el.dataset, value)
    else if (key in el && typeof value !== 'string') el[key] = value
    else el.setAttribute(key, value === true ? '' : value)
  }
  append(el, children)
  return el
}

/** Append children (nodes, strings, nested arrays; falsy skipped). */
export function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child == null || child === false || child === '') continue
    el.append(child instanceof Node ? child : document.createTextNode(String(child)))
  }
  return el
}

/** Replace all children of an element. */
export function replace(el, ...children) {
  el.replaceChildren()
  return append(el, children)
}

let idCounter = 0
/** A unique element id for label/aria wiring. */
export const uid = prefix => `${prefix}-${++idCounter}`

/**
 * A short-lived message over the top bar, announced by the live region #toasts. A newer confirmation replaces
 * the ones still showing (only the latest state matters, and a stack would spill over the page); errors stay.
 */
export function toast(message, kind = 'ok') {
  const host = document.getElementById('toasts')
  if (kind !== 'error') host.querySelectorAll('.toast:not(.toast-error)').forEach(old => old.remove())
  const el = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status', text: message })
  host.append(el)
  setTimeout(() => el.remove(), kind === 'error' ? 7000 : 3500)
}

/**
 * A modal form with Cancel and a submit button; resolves true when submitted. `body` goes under the message;
 * `wire(submitButton)` may hook the body's controls to the button and returns the control to focus first.
 */
function modalForm({ title, message, body = null, confirm, danger = false, disabled = false, wire = () => null }) {
  return new Promise(resolve => {
    const ok = h('button', { type: 'submit', class: danger ? 'btn danger' : 'btn primary', text: confirm, disabled })
    const cancel = h('button', { type: 'button', class: 'btn', text: 'Cancel' })
    const form = h('form', { method: 'dialog', class: 'dialog-body' },
      h('h2', { text: title }),
      [].concat(message).filter(Boolean).map(line => h('p', { text: line })),
      body,
      h('div', { class: 'actions' }, cancel, ok))
    const dialog = h('dialog', { class: 'dialog', 'aria-label': title }, form)
    const first = wire(ok)
    cancel.addEventListener('click', () => dialog.close('cancel'))
    form.addEventListener('submit', () => { dialog.returnValue = 'ok' })
    dialog.addEventListener('close', () => { resolve(dialog.returnValue === 'ok'); dialog.remove() })
    document.body.append(dialog)
    dialog.showModal()
    ;(first || cancel).focus()
    first?.select?.()
  })
}

/**
 * A modal confirmation. Resolves true when confirmed.
 * opts: {title, message, confirm: label, danger: bool, typed: text the user must type to enable the button}
 */
export function confirmDialog({ title, message, confirm = 'OK', danger = false, typed = null }) {
  const input = typed ? h('input', { type: 'text', 'aria-label': `Type ${typed} to confirm`, autocomplete: 'off' }) : null
  return modalForm({
    title, message, confirm, danger, disabled: !!typed,
    body: typed && h('label', { class: 'field' }, h('span', { class: 'label', text: `Type “${typed}” to confirm` }), input),
    wire: ok => { input?.addEventListener('input', () => { ok.disabled = input.value.trim() !== typed }); return input }
  })
}

/** A modal asking for one line of text, prefilled with `value` (selected); resolves the trimmed text, or null on cancel. */
export async function promptDialog({ title, message, label, value = '', confirm = 'OK', maxlength = null }) {
  const input = h('input', { type: 'text', autocomplete: 'off', required: true, maxlength })
  input.value = value
  const ok = await modalForm({
    title, message, confirm, body: field(label, input),
    wire: button => { input.addEventListener('input', () => { button.disabled = !input.value.trim() }); return input }
  })
  return ok ? input.value.trim() : null
}

/** Copy text to the clipboard (with the old fallback on plain-http origins); true on success. */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch (e) {
    const area = h('textarea', { class: 'offscreen', readonly: true })
    area.value = text
    document.body.append(area)
    area.select()
    const ok = document.execCommand('copy')
    area.remove()
    return ok
  }
}

/** A button that copies the text returned by getText and says so. */
export function copyButton(getText, label = 'Copy') {
  const btn = h('button', { type: 'button', class: 'btn small', text: label })
  btn.addEventListener('click', async () => {
    const ok = await copyText(getText())
    btn.textContent = ok ? 'Copied ✓' : 'Press Ctrl+C to copy'
    setTimeout(() => { btn.textContent = label }, 2000)
  })
  return btn
}

/** A block of text to copy (a snippet, a link): its label, a Copy button, the text in a focusable <pre>. */
export function codeBlock(text, labelText) {
  return h('div', { class: 'code' },
    h('div', { class: 'code-head' }, h('span', { text: labelText }), copyButton(() => text, 'Copy')),
    h('pre', { tabindex: 0 }, h('code', { text })))
}

/** The header of a table's column of row buttons: unseen, but named for screen readers (an empty <th> is not). */
export function actionsHeader() {
  return h('th', { scope: 'col' }, h('span', { class: 'sr-only', text: 'Actions' }))
}

/** An empty-state panel: a title, a line of help, and optional actions. */
export function emptyState(title, help, ...actions) {
  return h('div', { class: 'empty' }, h('p', { class: 'empty-title', text: title }), help && h('p', { text: help }),
    actions.length ? h('div', { class: 'actions' }, actions) : null)
}

/** A labelled form field wrapper with a slot for server errors named `name`. */
export function field(label, control, { hint = null, name = null, wide = false } = {}) {
  const id = control.id || (control.id = uid('f'))
  const hintEl = hint ? h('span', { class: 'hint', id: uid('hint'), text: hint }) : null
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id)
  return h('div', { class: 'field' + (wide ? ' wide' : ''), dataset: name ? { field: name } : {} },
    h('label', { class: 'label', for: id, text: label }), control, hintEl)
}

/** A checkbox with its label on the right. */
export function checkbox(label, checked, onChange, { name = null, disabled = false } = {}) {
  const box = h('input', { type: 'checkbox', checked: !!checked, disabled })
  box.addEventListener('change', () => onChange(box.checked))
  return h('label', { class: 'check', dataset: name ? { field: name } : {} }, box, h('span', { text: label }))
}

/** A <select> from [value, label] pairs. */
export function select(options, value, onChange, props = {}) {
  const el = h('select', props, options.map(([v, label]) => h('option', { value: v, text: label })))
  el.value = value ?? ''
  el.addEventListener('change', () => onChange(el.value))
  return el
}

/** A row of toggle buttons (one pressed) from [value, label] pairs. */
export function segmented(options, value, onChange, label) {
  const group = h('div', { class: 'segmented', role: 'group', 'aria-label': label })
  const buttons = options.map(([v, text]) => h('button', {
    type: 'button', text, 'aria-pressed': String(v === value),
    on: { click: e => { buttons.forEach(b => b.setAttribute('aria-pressed', String(b === e.currentTarget))); onChange(v) } }
  }))
  append(group, buttons)
  return group
}
