// The feedback tab (trigger feedback_button): a button on a screen edge that opens its survey when
// the visitor asks for it. Built into its own file (dist/widget-tab.js) and loaded only on pages
// where such a survey is allowed, so pages with popups alone never pay for it.
//
// The tab is a real <button> in its own shadow root at the end of <body>: keyboard-reachable,
// isolated from the page's CSS like the popup, and restylable by appearance.custom_css (class t,
// side class right or left). It reads bottom to top on either edge, vertically centred, under the
// popup (one z-index lower) so an open survey always covers it.

import { BRAND, FONT } from './render.js'
import { language, lookup } from './i18n.js'

// The built-in label, used where the survey has no "tab" text (same languages as the popup's built-ins)
const LABELS = { en: { tab: 'Feedback' }, ar: { tab: 'رأيك' }, he: { tab: 'משוב' }, ru: { tab: 'Отзыв' } }

const CSS = '.t{all:initial;position:fixed;z-index:2147483646;top:50%;writing-mode:vertical-rl;transform:translateY(-50%) rotate(180deg);' +
  'min-width:44px;min-height:44px;padding:14px 10px;box-sizing:border-box;background:var(--b);color:lch(from var(--b) calc((62 - l) * 99) 0 0);' +
  'font:600 15px/1.2 var(--f);cursor:pointer;box-shadow:0 2px 10px #0003}.right{right:0;border-radius:0 8px 8px 0}' +
  '.left{left:0;border-radius:8px 0 0 8px}.t:focus-visible{outline:3px solid CanvasText;outline-offset:2px}'

/**
 * Mount the tab of a survey; returns its remover. Its label is the survey's "tab" text in the
 * visitor's language (chosen as the popup's texts are), else the built-in one. open shows the
 * survey; h is the widget's element helper (render.js), passed in so this file carries no second copy.
 */
function tab(survey, open, h) {
  const appearance = survey.appearance || {}, host = h('touchpoint-tab'), root = host.attachShadow({ mode: 'open', delegatesFocus: true })
  const button = h('button', { class: 't ' + (survey.trigger.side == 'left' ? 'left' : 'right'), 'aria-haspopup': 'dialog', text: lookup(survey, language(), LABELS)('tab'), onclick: () => open() })
  button.style.setProperty('--b', appearance.brand_color || BRAND)
  button.style.setProperty('--f', appearance.font || FONT)
  try {
    root.adoptedStyleSheets = [CSS, appearance.custom_css || ''].map(css => { const sheet = new CSSStyleSheet(); sheet.replaceSync(css); return sheet })
  } catch (error) { // browsers without constructable stylesheets
    root.append(h('style', { text: CSS + (appearance.custom_css || '') }))
  }
  root.append(button)
  document.body.append(host)
  return () => host.remove()
}

window.touchpoint.tab = tab
