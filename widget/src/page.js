// A survey's hosted link, /s/<key> (server/web/pages.py): the survey full-page, drawn by the widget's own
// popup renderer (popup.js) as a card in the page, its answers queued and sent by the widget's own queue
// (queue.js), so an answer given with the network down is sent when it returns. Built into its own file
// (dist/widget-page.js), loaded only by link pages.
//
// The page's JSON (#touchpoint-survey) holds the survey's public view, the site key, the link key and the
// link's hidden fields with their values. The stored page_url is the link without its query: hidden
// fields (an e-mail, an order number) are stored as fields, never inside a URL.
//
// A link with ?score=9 (an e-mail's one-click scale) comes with "score": the page marks 9 and says "You chose 9.
// Confirm it, or pick another score." Nothing is sent until the visitor clicks: opening a link is not an answer
// (mail scanners and link previews open every link, and some run its script).
//
// Kiosk mode (?kiosk=1, "kiosk": true: a tablet on a counter): once an answer is complete, a fresh card
// follows KIOSK_IDLE ms after the respondent's last touch (a detractor still typing in the recovery step is
// not cut off), after a short thanks; a card left half-answered gives way after KIOSK_ABANDONED ms. Each card
// is a new response; the page keeps no visitor identity at all, and answers given while the network is down
// wait in the queue until it returns.

import { open } from './popup.js'
import { init, enqueue, flush } from './queue.js'
import { language, normLocale } from './i18n.js'
import { h } from './render.js'
import { inPage } from './card.js'
import { uuid, now } from './util.js'

const CSS = '.w{margin:0 auto;max-width:560px}'
const KIOSK_IDLE = 5e3, KIOSK_THANKS = 15e2, KIOSK_ABANDONED = 6e4
const doc = document, link = JSON.parse(doc.getElementById('touchpoint-survey').textContent), place = doc.getElementById('survey')

window.touchpoint = { tp: 1 } // where the outcome file leaves its function
init(location.origin)
let restart = () => {}, idle // kiosk: restart() (re)starts the countdown to a fresh card once an answer is given
for (const type of ['pointerdown', 'keydown', 'input']) place.addEventListener(type, () => restart(), true)

function show() {
  // a personal link (single-use token) answers into its one response, however often it is opened
  const survey = link.survey, responseId = link.response_id || uuid(), shownAt = now()
  const body = {
    id: responseId, site_key: link.site_key, survey_id: survey.id, page_url: location.origin + location.pathname,
    referrer: doc.referrer.slice(0, 2048), locale: normLocale(language()), trigger: 'link', link: link.link, fields: link.fields,
    kiosk: !!link.kiosk, token: link.token
  }
  let answered
  clearTimeout(idle)
  restart = () => {}
  place.replaceChildren()
  const card = inPage(open(survey, {
    locale_: language(), base_: location.origin, responseId_: responseId, place_: place,
    answer_(given) {
      answered = 1
      place.querySelector('.chosen')?.remove()
      // kiosk: a fresh card soon after a complete answer, or a minute after a half-given one was left
      if (link.kiosk) (restart = () => { clearTimeout(idle); idle = setTimeout(card.close_, given.completed_ ? KIOSK_IDLE : KIOSK_ABANDONED) })()
      enqueue('r', responseId, {
        ...body, answers: given.answers_, completed: given.completed_,
        timings: { first_answer_ms: given.firstAt_ - shownAt, duration_ms: now() - shownAt }
      })
    },
    recovered_(form) {
      enqueue('v', 'v' + responseId, { response_id: responseId, site_key: link.site_key, ...form })
    },
    closed_() {
      restart = () => {}
      clearTimeout(idle)
      if (link.kiosk) return place.replaceChildren(h('p', { class: 'after', text: place.dataset.thanks })), setTimeout(show, KIOSK_THANKS)
      place.replaceChildren(h('p', { class: 'after', text: answered ? place.dataset.done : place.dataset.skipped }),
        answered ? '' : h('button', { class: 'again', text: place.dataset.again, onclick: show }))
    }
  }), CSS)
  card.box_.focus({ preventScroll: true })
  const chosen = link.score != null && [...card.body_.querySelectorAll('[role=group] button')].find(button => button.textContent == link.score)
  if (chosen) {
    chosen.setAttribute('aria-pressed', true)
    const say = text => text.replace('{score}', link.score)
    place.prepend(h('p', { class: 'chosen', role: 'status' }, say(place.dataset.chosen), ' ',
      h('button', { class: 'again', text: say(place.dataset.confirm), onclick: event => { event.currentTarget.parentNode.remove(); chosen.click() } })))
    link.score = null // once: answering again starts from nothing chosen
  }
}

for (const [target, type] of [[window, 'pagehide'], [doc, 'visibilitychange'], [window, 'online']]) target.addEventListener(type, () => flush())
show()
