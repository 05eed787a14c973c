// The popup's frame: a host element with an open shadow root, constructable stylesheets
// (so a strict CSP without 'unsafe-inline' is fine), theme CSS variables, close/Escape/focus.

import { safe, warn } from './util.js'

// Compact on purpose: it ships in every page. The class names and variables are a stable
// contract for appearance.custom_css (widget/README.md, "Styling"): w popup, q question or
// heading, s scale (e: 11 points), l scale labels, o button row (v: stacked, f: footer),
// p primary button, x close; the position and theme values are classes too; --b brand
// colour, --f font, --n scale columns. The theme is the CSS color-scheme, so the popup is
// drawn with the system colours Canvas/CanvasText; every link is drawn as a button; the
// bottom sheet takes over at ≤ 640 px, where an 11-point scale is two deliberate rows (0–5, then
// 6–10 ending at the right edge, so the end labels still mark 0 and 10); every touch target is at
// least 44 px high, links and the close button also 44 px wide. The focus ring is CanvasText, not
// the brand: it contrasts with the card whatever the brand colour. Sides are logical (inline
// start/end): on a right-to-left page (the popup inherits its direction) "bottom-right" is the
// reading end's corner, the close button and the scale mirror, and 0 sits at the right. The popup is border-box (all:initial would make it
// content-box, and max-height would then exclude the padding: a short viewport cut its top
// off). position:fixed makes it a block.
export const CSS = `*{box-sizing:border-box;margin:0;font:inherit;color:inherit}.w{all:initial;box-sizing:border-box;position:fixed;z-index:2147483647;width:400px;max-width:calc(100% - 32px);max-height:calc(100% - 32px);overflow:auto;padding:20px;border:1px solid #8886;border-radius:12px;background:Canvas;color:CanvasText;font:15px/1.4 var(--f);box-shadow:0 8px 30px #0003}.dark{color-scheme:dark}.auto{color-scheme:light dark}.w:focus{outline:0}:focus-visible{outline:3px solid CanvasText;outline-offset:1px}[class*=bot]{bottom:16px}[class*=top]{top:16px}[class*=rig]{inset-inline-end:16px}[class*=lef]{inset-inline-start:16px}.center{inset:0;margin:auto;height:fit-content}.q{font-weight:600;margin-bottom:12px;padding-inline-end:28px}button,a,textarea{min-height:44px;padding:4px 12px;border:1px solid #8886;border-radius:8px;background:0;cursor:pointer;text-decoration:none}a{display:inline-grid;place-items:center;min-width:44px}button:hover,a:hover{border-color:var(--b)}[aria-pressed=true],.p{background:var(--b);color:lch(from var(--b) calc((62 - l) * 99) 0 0);border-color:var(--b)}.s{display:grid;grid-template-columns:repeat(var(--n),1fr);gap:4px;margin:6px 0}.s *{padding:0}.l{display:flex;justify-content:space-between;font-size:12px;opacity:.7;overflow-wrap:anywhere}.o{display:flex;flex-wrap:wrap;gap:6px;margin-top:12px}.v{flex-direction:column}.f{justify-content:end}label{display:flex;gap:8px;align-items:center;min-height:44px}textarea{width:100%;min-height:80px}.x{position:absolute;top:4px;inset-inline-end:4px;width:44px;padding:0;border:0;font-size:22px}@media(max-width:640px){.w{inset:auto 0 0;width:auto;max-width:none;margin:0;border-radius:16px 16px 0 0;padding-bottom:calc(20px + env(safe-area-inset-bottom))}.e{grid-template-columns:repeat(6,1fr)}.e :nth-child(7){grid-column:2}}@media(prefers-reduced-motion:no-preference){.w{animation:t .3s}}@keyframes t{from{opacity:0}}`

/** The appearance defaults: brand colour and font (the feedback tab, src/tab.js, uses them too). */
export const BRAND = '#4f46e5', FONT = 'system-ui,sans-serif'

/** Create an element: props.text → textContent (never HTML), props.onX → listener, anything else → attribute. */
export function h(tag, props, ...children) {
  const element = document.createElement(tag)
  for (const name in props) {
    const value = props[name]
    if (value == null) continue
    if (name == 'text') element.textContent = value
    else if (name[0] == 'o' && name[1] == 'n') element.addEventListener(name.slice(2), safe(value))
    else element.setAttribute(name, value)
  }
  element.append(...children.filter(child => child))
  return element
}

/**
 * A chunk built beside the widget (widget/build.mjs), loaded once from {base}/widget-<name>.<hash>.js,
 * its hash from CHUNKS (built in): outcome (src/outcome.js) when a visitor first finishes a survey, tab
 * (src/tab.js) where a feedback tab may show, inline (src/inline.js) where an inline survey may. The
 * chunk leaves its one function at touchpoint[name]. A file that cannot load is a debug warning
 * ("no tab file"), and what waited for it never runs.
 */
export const chunk = (base, name) => window.touchpoint[name] ? Promise.resolve(window.touchpoint[name]) : new Promise(resolve =>
  document.head.append(h('script', { src: base + '/widget-' + name + '.' + CHUNKS[name] + '.js', onload: () => resolve(window.touchpoint[name]), onerror: () => warn('no ' + name + ' file') })))

/** Is the visitor typing in this element? Then we do not take the focus away from it. */
export const editable = element => !!element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName))

const sheet = css => { const styles = new CSSStyleSheet(); styles.replaceSync(css); return styles }

/**
 * Mount the popup frame for a survey: returns {box_, body_, close_}. `title` is the
 * optional heading, `closeLabel` the close button's accessible name; onClose runs once.
 * With a place (an inline survey's element) the frame goes there instead of <body>, and
 * Escape pressed elsewhere in the page leaves it alone: it is part of the page, not over it.
 */
export function frame(survey, title, closeLabel, onClose, place) {
  const doc = document, appearance = survey.appearance || {}, customCss = appearance.custom_css || ''
  const host = h('touchpoint-widget'), root = host.attachShadow({ mode: 'open' }), body = h('div'), before = doc.activeElement
  try {
    root.adoptedStyleSheets = [sheet(CSS), sheet(customCss)]
  } catch (error) { // browsers without constructable stylesheets (they also have no strict-CSP problem)
    root.append(h('style', { text: CSS + customCss }))
  }
  const close = safe(() => {
    if (!host.isConnected) return
    const focusedInside = root.activeElement
    doc.removeEventListener('keydown', onKey)
    host.remove()
    focusedInside && before?.focus({ preventScroll: true })
    onClose()
  })
  const onKey = event => event.key == 'Escape' && (event.target == host || !editable(event.target)) && close()
  const box = h('div', { class: 'w ' + (appearance.position || 'bottom-right') + ' ' + appearance.theme, role: 'dialog', 'aria-labelledby': 'tt tq', tabindex: -1 },
    title && h('p', { class: 'q', id: 'tt', text: title }), body,
    h('button', { class: 'x', 'aria-label': closeLabel, text: '×', onclick: close }))
  box.style.setProperty('--b', appearance.brand_color || BRAND)
  box.style.setProperty('--f', appearance.font || FONT)
  place || doc.addEventListener('keydown', onKey)
  root.append(box)
  ;(place || doc.body).append(host)
  return { box_: box, body_: body, close_: close }
}
