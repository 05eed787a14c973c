// Delivery that never loses an answer: every response and event is written to the
// localStorage queue BEFORE it is sent and removed only on a 2xx acknowledgement
// (or a 4xx that no retry can fix). Failures back off exponentially with jitter;
// the queue is retried on the next page load too. An id is never in flight twice from one
// page (the inFlight map); two tabs starting at once may both send it, which the server's
// de-duplication by id makes harmless.

import { load, update } from './storage.js'
import { post } from './transport.js'
import { now, warn } from './util.js'

/** Statuses that no retry can fix: the item is dropped (and a warning logged under debug). */
export const FINAL = [400, 404, 409, 413, 415, 422]
export const BATCH = 50, MAX_EVENTS = 200

/** 1 = acknowledged, 2 = rejected for good, 0 = retry (network error, 429, 5xx, other 4xx). */
export const verdict = status => status > 199 && status < 300 ? 1 : FINAL.includes(status) ? 2 : 0

/**
 * Delay after the n-th failure in a row (n ≥ 1): 2 s, 4 s, 8 s … capped at 5 min, with
 * "equal jitter" (50–100 % of that, random in [0, 1)), and never sooner than Retry-After
 * (delta-seconds, as the server sends it; anything else counts as absent).
 */
export const backoff = (failures, retryAfter, random) =>
  Math.max(retryAfter * 1e3 || 0, Math.min(1e3 * 2 ** failures, 3e5) * (0.5 + random / 2))

/** Is this id still waiting in the queue (not yet acknowledged)? */
export const queued = id => (load().queue_ || []).some(item => item.id_ == id)

let base, timer
const inFlight = {}

export function init(serverBase) { base = serverBase }

/**
 * Store (or replace, for a response re-sent with more answers) an item, then flush on the
 * next tick, so that items queued together (a close event and the last answers) go together.
 */
export function enqueue(kind, id, body, site) {
  update(state => {
    const queue = state.queue_ = state.queue_ || [], item = queue.find(item => item.id_ == id)
    item ? item.body_ = body : queue.push({ kind_: kind, id_: id, body_: body, site_: site })
    // a long outage must not fill the storage: past MAX_EVENTS items, each new event drops the oldest one
    queue.length > MAX_EVENTS && kind == 'e' && queue.splice(queue.findIndex(item => item.kind_ == 'e'), 1)
  })
  clearTimeout(timer)
  timer = setTimeout(flush)
}

/** Send everything that is due: each response (r) and recovery (v) on its own, events (e) in batches of ≤ 50 per site. */
export function flush() {
  clearTimeout(timer)
  if (!base) return
  const time = now(), events = []
  let next = 1 / 0
  for (const item of load().queue_ || []) {
    if (inFlight[item.id_]) continue
    if (item.nextTry_ > time) next = Math.min(next, item.nextTry_)
    else if (item.kind_ != 'e') send([item], item.kind_ == 'r' ? '/v1/responses' : '/v1/recoveries', item.body_)
    else if (events.length < BATCH && (!events[0] || events[0].site_ == item.site_)) events.push(item)
  }
  if (events[0]) send(events, '/v1/events', { site_key: events[0].site_, events: events.map(item => item.body_) })
  if (next < 1 / 0) timer = setTimeout(flush, next - time)
}

function send(items, path, body) {
  const sent = {}
  const keep = decide => update(state => { state.queue_ = (state.queue_ || []).filter(item => !(item.id_ in sent) || decide(item)) })
  items.forEach(item => { inFlight[item.id_] = 1; sent[item.id_] = JSON.stringify(item.body_) })
  post(base, path, body).then(response => [response.status, response.headers.get('Retry-After')], () => []).then(([status, retryAfter]) => {
    const result = verdict(status)
    keep(item => {
      // acknowledged or rejected: drop it, unless more answers were queued meanwhile (those go next)
      if (result) return JSON.stringify(item.body_) != sent[item.id_]
      item.nextTry_ = now() + backoff(item.failures_ = (item.failures_ || 0) + 1, retryAfter, Math.random())
      return 1
    })
    for (const id in sent) delete inFlight[id]
    result > 1 && warn('rejected', status, path)
    flush()
  })
}
