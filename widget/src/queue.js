// Delivery that never loses an answer: every response and event is written to the
// localStorage queue BEFORE it is sent and removed only on a 2xx acknowledgement
// (or a 4xx that no retry can fix). Failures back off exponentially with jitter;
// the queue is retried on the next page load too. An id is never in flight twice from one
// page (the inflight map); two tabs starting at once may both send it, which the server's
// de-duplication by id makes harmless.

import { load, upd } from './storage.js'
import { post } from './transport.js'
import { now, warn } from './util.js'

/** Statuses that no retry can fix: the item is dropped (and a warning logged under debug). */
export const FINAL = [400, 404, 409, 413, 415, 422]
export const BATCH = 50, MAX_EVENTS = 200

/** 1 = acknowledged, 2 = rejected for good, 0 = retry (network error, 429, 5xx, other 4xx). */
export const verdict = st => st > 199 && st < 300 ? 1 : FINAL.includes(st) ? 2 : 0

/**
 * Delay after the n-th failure in a row (n ≥ 1): 2 s, 4 s, 8 s … capped at 5 min, with
 * "equal jitter" (50–100 % of that, rnd in [0, 1)), and never sooner than Retry-After
 * (delta-seconds, as the server sends it; anything else counts as absent).
 */
export const backoff = (n, retryAfter, rnd) =>
  Math.max(retryAfter * 1e3 || 0, Math.min(1e3 * 2 ** n, 3e5) * (0.5 + rnd / 2))

/** Is this id still waiting in the queue (not yet acknowledged)? */
export const queued = i => (load().q || []).some(x => x.i == i)

let base, timer
const inflight = {}

export function init(b) { base = b }

/**
 * Store (or replace, for a response re-sent with more answers) an item, then flush on the
 * next tick, so that items queued together (a close event and the last answers) go together.
 */
export function enqueue(k, i, b, s) {
  upd(st => {
    const q = st.q = st.q || [], x = q.find(x => x.i == i)
    x ? x.b = b : q.push({ k, i, b, s })
    // a long outage must not fill the storage: past MAX_EVENTS items, each new event drops the oldest one
    q.length > MAX_EVENTS && k == 'e' && q.splice(q.findIndex(x => x.k == 'e'), 1)
  })
  clearTimeout(timer)
  timer = setTimeout(flush)
}

/** Send everything that is due: each response on its own, events in batches of ≤ 50 per site. */
export function flush() {
  clearTimeout(timer)
  if (!base) return
  const t = now(), ev = []
  let next = 1 / 0
  for (const x of load().q || []) {
    if (inflight[x.i]) continue
    if (x.w > t) next = Math.min(next, x.w)
    else if (x.k == 'r') send([x], '/v1/responses', x.b)
    else if (ev.length < BATCH && (!ev[0] || ev[0].s == x.s)) ev.push(x)
  }
  if (ev[0]) send(ev, '/v1/events', { site_key: ev[0].s, events: ev.map(x => x.b) })
  if (next < 1 / 0) timer = setTimeout(flush, next - t)
}

function send(xs, path, body) {
  const sent = {}, each = f => upd(s => { s.q = (s.q || []).filter(x => !(x.i in sent) || f(x)) })
  xs.forEach(x => { inflight[x.i] = 1; sent[x.i] = JSON.stringify(x.b) })
  post(base, path, body).then(r => [r.status, r.headers.get('Retry-After')], () => []).then(([st, ra]) => {
    const v = verdict(st)
    each(x => {
      // acknowledged or rejected: drop it, unless more answers were queued meanwhile (those go next)
      if (v) return JSON.stringify(x.b) != sent[x.i]
      x.w = now() + backoff(x.n = (x.n || 0) + 1, ra, Math.random())
      return 1
    })
    for (const i in sent) delete inflight[i]
    v > 1 && warn('rejected', st, path)
    flush()
  })
}
