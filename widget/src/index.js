// Boot and wiring: replaces the queue stub with the one global `touchpoint`, fetches the
// config, evaluates audience/frequency on every (SPA) page view, arms triggers, shows a
// survey and turns its answers into queued responses and events. Nothing here may throw
// into the host page: every entry point runs inside safe().

import { settings } from './config.js'
import { load, update } from './storage.js'
import { getConfig } from './transport.js'
import { init, enqueue, flush } from './queue.js'
import { audienceMiss, scheduled } from './targeting.js'
import { allowed } from './frequency.js'
import { arm } from './triggers.js'
import { setCart, scanDataLayer } from './cart.js'
import { open } from './popup.js'
import { chunk, h } from './render.js'
import { language, normLocale } from './i18n.js'
import { deviceClass } from './device.js'
import { uuid, now, safe, warn, setLogger } from './util.js'

const win = window, doc = document, VISIT_GAP = 18e5 // a visit ends after 30 min without a page view
const device = deviceClass(navigator.userAgent, navigator.maxTouchPoints)
let options = {}, config, showing, started, removers = [], customEvents = {}, pending = []

setLogger((...args) => options.debug_ && console.warn('[touchpoint]', ...args))
/** addEventListener through safe(); removed on the next page view unless keep. */
const listen = (target, type, handler, listenerOptions, keep) => {
  handler = safe(handler)
  target.addEventListener(type, handler, listenerOptions)
  keep || removers.push(() => target.removeEventListener(type, handler, listenerOptions))
}

/** A DOM CustomEvent on window, and the same to dataLayer when the page has one. */
const emit = (name, detail) => {
  win.dispatchEvent(new CustomEvent(name = 'touchpoint:' + name, { detail }))
  win.dataLayer?.push?.({ event: name, touchpoint: detail })
}

/** Update a survey's stored frequency state (the second argument is the whole state). */
const mark = (survey, change) => update(state => change((state.surveys_ = state.surveys_ || {})[survey.id] = state.surveys_[survey.id] || {}, state))
const event = (survey, type, id = uuid()) => enqueue('e', id, { id, survey_id: survey.id, type }, options.site_)

/** Does the survey show now? Under ?touchpoint_debug=1 a "no" says which rule. */
function eligible(survey, forced) {
  const state = load(), time = now(), why = !scheduled(survey, time) ? 'outside its schedule' : audienceMiss(survey, {
    href: location.href, pathname: location.pathname, device_: device, pageViews_: state.pageViews_,
    visits_: state.visits_, language_: language(), visitorId_: state.visitorId_
  }) || !forced && !allowed(survey, state.surveys_?.[survey.id], state.lastDisplay_, config.site.cooldown_days, state.visits_, time) && 'frequency rules (seen, answered or dismissed before)'
  why && warn('survey ' + survey.id + ' not shown here: ' + why)
  return !why
}

/** Show a survey: a popup, or (with place) an inline card in that element, which is no popup and does not count as one. */
function show(survey, trigger, place) {
  const responseId = uuid(), shownAt = now(), surveyId = survey.id, body = {
    id: responseId, site_key: options.site_, survey_id: surveyId, page_url: location.href.slice(0, 2048),
    referrer: doc.referrer.slice(0, 2048), locale: normLocale(language()), trigger, visitor: load().visitorId_
  }
  place || (showing = 1, mark(survey, (shown, state) => { shown.displayedAt_ = state.lastDisplay_ = shownAt; shown.displayVisit_ = state.visits_ }))
  event(survey, 'display')
  emit('shown', { surveyId, trigger })
  return open(survey, {
    locale_: language(), base_: options.base_, responseId_: responseId, place_: place,
    answer_(given) {
      mark(survey, shown => { shown.answeredAt_ = shown.answeredAt_ || now() })
      enqueue('r', responseId, {
        ...body, answers: given.answers_, completed: given.completed_,
        timings: { first_answer_ms: given.firstAt_ - shownAt, duration_ms: now() - shownAt }
      })
      emit('answered', { surveyId, responseId, score: given.score_, category: given.category_, completed: given.completed_ })
    },
    recovered_(form) {
      enqueue('v', 'v' + responseId, { response_id: responseId, site_key: options.site_, ...form })
    },
    closed_(answered) {
      place || (showing = 0)
      event(survey, answered ? 'close' : 'dismiss')
      answered || mark(survey, shown => { shown.dismissedAt_ = now() })
      emit('closed', { surveyId, answered: !!answered })
    }
  })
}

/** One page view (the first, or a SPA navigation): re-check every survey and arm its trigger. */
function pageView() {
  const start = now()
  update(state => {
    state.visitorId_ = state.visitorId_ || uuid()
    start - state.lastPageView_ < VISIT_GAP || (state.visits_ = (state.visits_ || 0) + 1)
    state.lastPageView_ = start
    state.pageViews_ = (state.pageViews_ || 0) + 1
  })
  removers.forEach(remove => remove())
  removers = []; customEvents = {}
  config.surveys.forEach(survey => {
    const trigger = survey.trigger || {}, fire = safe(() => {
      if (done || showing || !eligible(survey)) return
      // never show (nor count a display) in a hidden or prerendering tab: wait until it is seen
      if (doc.hidden) return waiting || listen(doc, 'visibilitychange', () => { waiting = 0; fire() }, waiting = { once: true })
      done = 1
      show(survey, trigger.type)
    })
    let done, waiting
    // a feedback tab (the visitor asks) or inline surveys (the page places them), each drawn by its own file:
    // frequency rules do not apply; one popup at a time still does, and an inline card is no popup
    const name = { feedback_button: 'tab', inline: 'inline' }[trigger.type]
    if (name) {
      const page = removers
      return eligible(survey, 1) && chunk(options.base_, name).then(safe(draw => {
        const remove = draw(survey, place => place ? show(survey, trigger.type, place) : showing || show(survey, trigger.type), h)
        page == removers ? removers.push(remove) : remove() // the page changed while the file loaded
      }))
    }
    eligible(survey) && arm(trigger, {
      listen_: listen, cleanup_: remove => removers.push(remove), start_: start, touch_: device != 'desktop', fire_: fire,
      customEvent_: (name, handler) => (customEvents[name] = customEvents[name] || []).push(handler)
    })
  })
}

function boot() {
  if (started || !options.site_) return
  started = 1
  init(options.base_)
  getConfig(options.base_, options.site_).then(answer => {
    // wait for <body> (an async script in <head> may get the config first): popups and selectors need it
    doc.body ? ready(answer) : doc.addEventListener('DOMContentLoaded', () => ready(answer))
  }, error => (error.json?.() || Promise.reject()).then(body => warn('no config:', error.status, body.message), () => warn('no config', error.status || error)))
}

/** The config is here and so is <body>: privacy check, delivery, SPA hooks, first page view. */
const ready = safe(answer => {
  const site = answer.site, nav = navigator
  if (!site) return warn('unknown site key', options.site_)
  if (site.honor_gpc && nav.globalPrivacyControl || site.honor_dnt && nav.doNotTrack == '1') return warn('no survey: the site honours this visitor\'s Global Privacy Control or Do Not Track')
  config = answer
  answer.surveys = answer.surveys || []
  answer.surveys[0] || warn('no active survey for this site (drafts and paused surveys are not sent)')
  flush()
  listen(win, 'pagehide', flush, 0, 1)
  listen(doc, 'visibilitychange', () => doc.hidden && flush(), 0, 1)
  listen(win, 'online', flush, 0, 1)
  answer.surveys.some(survey => survey.trigger?.type == 'cart_abandonment') && scanDataLayer()
  // SPA navigation: history methods wrapped once, popstate and hashchange listened to
  let href = location.href
  const navigated = () => setTimeout(safe(() => href != location.href && (href = location.href, pageView())))
  for (const method of ['pushState', 'replaceState']) {
    const original = history[method]
    history[method] = function () { const result = original.apply(this, arguments); navigated(); return result }
  }
  listen(win, 'popstate', navigated, 0, 1)
  listen(win, 'hashchange', navigated, 0, 1)
  pageView()
  pending.forEach(call => api(...call))
})

/** The one global: touchpoint(command, argument). Commands before the config wait for it. */
const api = safe((command, argument) => {
  if (command == 'init') {
    options.site_ = options.site_ || argument.site
    if (argument.host) options.base_ = new URL(argument.host).origin
    return boot()
  }
  if (!config) return pending.push([command, argument])
  if (command == 'cart' || command == 'purchase') setCart(argument)
  if (command == 'identify') update(state => { state.traits_ = argument?.traits || argument })
  if (command == 'track') customEvents[argument]?.forEach(handler => handler())
  const survey = command == 'show' && !showing && config.surveys.find(survey => survey.id == argument)
  survey && eligible(survey, 1) && show(survey, 'manual')
})

safe(() => {
  const before = win.touchpoint
  options = settings()
  if (before?.tp) return // loaded twice: the first copy keeps working
  win.touchpoint = api
  api.tp = 1
  before?.q?.forEach(call => api(...call))
  boot()
  started || warn('no data-site')
})()
