// Boot and wiring: replaces the queue stub with the one global `touchpoint`, fetches the
// config, evaluates audience/frequency on every (SPA) page view, arms triggers, shows a
// survey and turns its answers into queued responses and events. Nothing here may throw
// into the host page: every entry point runs inside safe().

import { settings } from './config.js'
import { load, upd, memoryOnly } from './storage.js'
import { getConfig } from './transport.js'
import { init, enqueue, flush } from './queue.js'
import { audience, scheduled } from './targeting.js'
import { allowed } from './frequency.js'
import { arm } from './triggers.js'
import { setCart, scanDataLayer } from './cart.js'
import { open } from './popup.js'
import { normLocale } from './i18n.js'
import { uuid, now, safe, warn, setWarn } from './util.js'

const W = window, D = document, VISIT_GAP = 18e5 // a visit ends after 30 min without a page view
let set = {}, cfg, cur, started, offs = [], evs = {}, pend = []

setWarn((...a) => set.debug && console.warn('[touchpoint]', ...a))
/** addEventListener through safe(); removed on the next page view unless keep. */
const on = (t, type, f, o, keep) => {
  f = safe(f)
  t.addEventListener(type, f, o)
  keep || offs.push(() => t.removeEventListener(type, f, o))
}
const lang = () => D.documentElement.lang || navigator.language

/** A DOM CustomEvent on window, and the same to dataLayer when the page has one. */
const emit = (n, detail) => {
  W.dispatchEvent(new CustomEvent(n = 'touchpoint:' + n, { detail }))
  W.dataLayer?.push?.({ event: n, touchpoint: detail })
}

/** Update survey S's stored frequency state x (s is the whole state). */
const mark = (S, f) => upd(s => f((s.s = s.s || {})[S.id] = s.s[S.id] || {}, s))
const event = (S, type, id = uuid()) => enqueue('e', id, { id, survey_id: S.id, type }, set.site)

function eligible(S, force) {
  const s = load(), t = now()
  return scheduled(S, t)
    && audience(S, { href: location.href, pathname: location.pathname, device: cfg.device, pv: s.n, visits: s.k, lang: lang(), vid: s.v })
    && (force || allowed(S, s.s?.[S.id], s.l, cfg.site.cooldown_days, s.k, t))
}

function show(S, trigger) {
  const rid = uuid(), t0 = now(), surveyId = S.id, b = {
    id: rid, site_key: set.site, survey_id: surveyId, page_url: location.href.slice(0, 2048),
    referrer: D.referrer.slice(0, 2048), locale: normLocale(lang()), trigger
  }
  cur = 1
  mark(S, (x, s) => { x.d = s.l = t0; x.e = s.k })
  event(S, 'display')
  emit('shown', { surveyId, trigger })
  open(S, {
    lang: lang(), base: set.base, rid,
    answer(a) {
      mark(S, x => { x.a = x.a || now() })
      enqueue('r', rid, { ...b, answers: a.answers, completed: a.completed, timings: { first_answer_ms: a.first - t0, duration_ms: now() - t0 } })
      emit('answered', { surveyId, responseId: rid, score: a.score, category: a.category, completed: a.completed })
    },
    closed(answered) {
      cur = 0
      event(S, answered ? 'close' : 'dismiss')
      answered || mark(S, x => { x.x = now() })
      emit('closed', { surveyId, answered: !!answered })
    }
  })
}

/** One page view (the first, or a SPA navigation): re-check every survey and arm its trigger. */
function pageView() {
  const t0 = now()
  upd(s => {
    s.v = s.v || uuid()
    t0 - s.t < VISIT_GAP || (s.k = (s.k || 0) + 1)
    s.t = t0
    s.n = (s.n || 0) + 1
  })
  offs.forEach(f => f())
  offs = []; evs = {}
  cfg.surveys.forEach(S => {
    const tr = S.trigger || {}, fire = safe(() => {
      if (done || cur || !eligible(S)) return
      // never show (nor count a display) in a hidden or prerendering tab: wait until it is seen
      if (D.hidden) return wait || on(D, 'visibilitychange', () => { wait = 0; fire() }, wait = { once: true })
      done = 1
      show(S, tr.type)
    })
    let done, wait
    eligible(S) && arm(tr, { on, add: f => offs.push(f), t0, touch: cfg.device != 'desktop', fire, ev: (n, f) => (evs[n] = evs[n] || []).push(f) })
  })
}

function start() {
  if (started || set.preview || !set.site) return
  started = 1
  init(set.base)
  getConfig(set.base, set.site).then(c => {
    // wait for <body> (an async script in <head> may get the config first): popups and selectors need it
    D.body ? ready(c) : D.addEventListener('DOMContentLoaded', () => ready(c))
  }, e => warn('no config', e))
}

/** The config is here and so is <body>: privacy check, delivery, SPA hooks, first page view. */
const ready = safe(c => {
  const si = c.site, n = navigator
  if (!si) return warn('unknown site key', set.site)
  if (si.honor_gpc && n.globalPrivacyControl || si.honor_dnt && n.doNotTrack == '1') return
  cfg = c
  c.surveys = c.surveys || []
  flush()
  on(W, 'pagehide', flush, 0, 1)
  on(D, 'visibilitychange', () => D.hidden && flush(), 0, 1)
  on(W, 'online', flush, 0, 1)
  c.surveys.some(S => S.trigger?.type == 'cart_abandonment') && scanDataLayer()
  // SPA navigation: history methods wrapped once, popstate and hashchange listened to
  let href = location.href
  const nav = () => setTimeout(safe(() => href != location.href && (href = location.href, pageView())))
  for (const m of ['pushState', 'replaceState']) {
    const o = history[m]
    history[m] = function () { const r = o.apply(this, arguments); nav(); return r }
  }
  on(W, 'popstate', nav, 0, 1)
  on(W, 'hashchange', nav, 0, 1)
  pageView()
  pend.forEach(a => api(...a))
})

/** The one global: touchpoint(command, argument). Commands before the config wait for it. */
const api = safe((c, a) => {
  if (c == 'init') {
    set.site = set.site || a.site
    if (a.host) set.base = new URL(a.host).origin
    return start()
  }
  if (!cfg) return pend.push([c, a])
  if (c == 'cart' || c == 'purchase') setCart(a)
  if (c == 'identify') upd(s => { s.i = a?.traits || a })
  if (c == 'track') evs[a]?.forEach(f => f())
  const S = c == 'show' && !cur && cfg.surveys.find(S => S.id == a)
  S && eligible(S, 1) && show(S, 'manual')
})

/** Admin live preview: render what the parent page posts; no config, no storage writes, no requests. */
function preview(e) {
  const d = e.data
  if (e.origin != location.origin || d?.type != 'touchpoint:preview' || !d.survey) return
  cur?.close()
  cur = open(d.survey, { lang: d.locale || lang(), base: set.base, rid: 'preview', preview: 1, step: d.step, cat: d.category, answer() {}, closed() {} })
}

safe(() => {
  const prev = W.touchpoint
  set = settings()
  if (prev?.tp) return // loaded twice: the first copy keeps working
  W.touchpoint = api
  api.tp = 1
  if (set.preview) memoryOnly(), on(W, 'message', preview, 0, 1)
  prev?.q?.forEach(a => api(...a))
  start()
  started || set.preview || warn('no data-site')
})()
