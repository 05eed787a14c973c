// What follows the thanks: promoters' share buttons, everyone's review link, a detractor's
// recovery. Built into its own file (dist/widget-outcome.js) and loaded only when a visitor
// finishes a survey, so the pages where nobody answers never pay for it.
//
// A detractor meets one of three recoveries (the survey's outcomes.detractor):
//   in_widget  a note and an optional e-mail with consent, right in the popup, then "thanks";
//   redirect   a button to the survey's recovery_url (response_id and score added);
//   hosted     a button to the hosted page {base}/r/{response_id}.
// Nothing ever navigates by itself: the visitor chooses to leave the page.

import { recoveryErrors, recoveryUrl, safeUrl, shareUrl } from './outcomes.js'
import { locales, primary } from './i18n.js'
// Built-in wording of what follows the thanks, used after the survey's own texts ("copy",
// "recovery.<key>"…); the hosted recovery page reads the same file (server/catalog/texts.py).
import UI from './outcome-texts.json'

const NETWORKS = { x: 'X', facebook: 'Facebook', linkedin: 'LinkedIn', vk: 'VK', telegram: 'Telegram', whatsapp: 'WhatsApp', email: 'E-mail' }

const CSS = 'input[type=email]{width:100%;min-height:44px;padding:4px 12px;border:1px solid #8886;border-radius:8px;background:0}' +
  '.k{margin-top:16px}.r{display:grid;gap:4px;margin-top:10px}input[type=checkbox]{width:20px;height:20px;margin:0}' +
  '.c{color:#b91c1c;font-size:13px}.dark .c{color:#fca5a5}'

/** The built-in wording in the language of the survey's best locale for this visitor (as i18n.js picks). */
const builtIn = (survey, options) => UI[primary(locales(survey, options.locale_)[0] || options.locale_)] || UI.en

/** A card that keeps its thanks instead of closing itself: the admin's preview, and an inline survey (part of the page). */
const stays = options => options.preview_ || options.place_?.dataset.touchpointSurvey != null

/**
 * Show what follows the popup's thanks. ctx = {survey, text, add, h, button, focus, close, box,
 * body, options, score, category}: the popup's own helpers, so this file carries no second copy.
 */
function outcome(ctx) {
  const { survey, add, h, button, options, category } = ctx, outcomes = survey.outcomes || {}
  const strings = builtIn(survey, options), text = (...keys) => ctx.text(...keys) || strings[keys[keys.length - 1]] || ''
  const share = outcomes.share || {}, networks = category == 'promoter' && share.networks || []
  const review = safeUrl(outcomes.review_url), url = safeUrl(share.url) || location.origin
  networks[0] && add(h('p', { text: text('share.prompt') }), h('div', { class: 'o' }, ...networks.map(network => network == 'copy'
    ? button(text('copy'), function () {
      const done = () => { this.textContent = '✓' }, oldWay = () => { // no async clipboard (plain http)
        const area = h('textarea')
        area.value = url; add(area); area.select()
        document.execCommand('copy') && done()
        area.remove()
      }
      try { navigator.clipboard.writeText(url).then(done, oldWay) } catch (error) { oldWay() }
    })
    : h('a', { href: shareUrl(network, url, text('share.text')), target: '_blank', text: NETWORKS[network] }))))
  review && add(h('p', { class: 'o' }, h('a', { href: review, target: '_blank', text: text('review.' + category, 'review') })))
  if (category == 'detractor') recover(ctx)
  else networks[0] || review || stays(options) || setTimeout(ctx.close, 5e3) // nothing to click: close soon
}

/** A detractor's recovery, under the thanks and the review link. */
function recover(ctx) {
  const { survey, text, add, h, button, options } = ctx, outcomes = survey.outcomes || {}
  const strings = builtIn(survey, options), say = key => text('recovery.' + key) || strings[key]
  if ((outcomes.detractor || 'hosted') != 'in_widget') {
    const destination = recoveryUrl(survey, options.base_, options.responseId_, ctx.score)
    return add(options.preview_ ? h('p', { class: 'l', text: '→ ' + destination })
      : h('p', { class: 'o' }, h('a', { class: 'p', href: destination, text: say('go') })))
  }
  try {
    const root = ctx.box.getRootNode(), sheet = new CSSStyleSheet()
    sheet.replaceSync(CSS)
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet]
  } catch (error) {}
  const field = (label, control) => h('label', { class: 'r' }, label, control)
  const note = h('textarea', { maxlength: 5e3 }), email = h('input', { type: 'email', autocomplete: 'email', maxlength: 254 })
  const consent = h('input', { type: 'checkbox' }), problem = h('p', { class: 'c', role: 'alert' })
  const send = () => {
    const form = { message: note.value.trim(), email: email.value.trim() || null, consent: consent.checked }
    const errors = recoveryErrors(form.message, form.email, form.consent), wrong = Object.keys(errors)[0]
    if (wrong) {
      problem.textContent = say('error.' + errors[wrong])
      return ({ message: note, email, consent })[wrong].focus()
    }
    options.recovered_?.(form)
    ctx.body.replaceChildren(h('p', { class: 'q', id: 'tq', text: say(form.email ? 'done.contact' : 'done') }))
    ctx.focus()
    stays(options) || setTimeout(ctx.close, 6e3)
  }
  add(h('p', { class: 'k', text: say('ask') }), field(say('note'), note), field(say('email'), email),
    h('label', {}, consent, say('consent')), problem,
    h('div', { class: 'o f' }, button(say('skip'), ctx.close), button(text('send') || say('send'), send, 'p')))
}

window.touchpoint.outcome = outcome
