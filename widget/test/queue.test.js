import { test, mock } from 'node:test'
import assert from 'node:assert/strict'

// a tiny localStorage and a scripted fetch, installed before the modules run
const store = new Map()
globalThis.localStorage = { getItem: k => store.get(k) ?? null, setItem: (k, v) => store.set(k, String(v)) }
const calls = []
let reply = () => ({ status: 201 })
globalThis.fetch = (url, init) => {
  const call = { url, init, body: JSON.parse(init.body), queueAtSend: JSON.parse(store.get('touchpoint')).queue_.map(x => x.id_) }
  calls.push(call)
  return new Promise((resolve, reject) => { call.resolve = resolve; call.reject = reject; call.auto = reply(call) })
}
mock.timers.enable({ apis: ['setTimeout', 'Date'], now: Date.parse('2026-06-01T00:00:00Z') })

const { verdict, backoff, FINAL, init, enqueue, flush, queued } = await import('../src/queue.js')
const { load } = await import('../src/storage.js')
const answer = (c, st, ra) => c.resolve({ status: st, headers: { get: k => (k == 'Retry-After' ? ra ?? null : null) } })
const settle = () => new Promise(r => setImmediate(r))
const reset = () => { store.clear(); calls.length = 0 }
init('https://tp.example')

test('verdicts: 2xx acknowledged, the listed 4xx dropped, everything else retried', () => {
  for (const s of [200, 201, 202, 204]) assert.equal(verdict(s), 1, s)
  assert.deepEqual(FINAL, [400, 404, 409, 413, 415, 422])
  for (const s of FINAL) assert.equal(verdict(s), 2, s)
  for (const s of [0, undefined, 401, 403, 408, 429, 500, 502, 503, 504]) assert.equal(verdict(s), 0, s)
})

test('backoff doubles from 2 s with jitter of 50–100 %, caps at 5 min, honours Retry-After', () => {
  assert.equal(backoff(1, 0, 0), 1000)
  assert.equal(backoff(1, 0, 1), 2000)
  assert.equal(backoff(2, 0, 1), 4000)
  assert.equal(backoff(5, 0, 1), 32000)
  assert.equal(backoff(30, 0, 1), 300000)
  assert.equal(backoff(30, 0, 0), 150000)
  for (let n = 1; n < 12; n++) for (const r of [0, 0.3, 0.99]) assert.ok(backoff(n + 1, 0, r) >= backoff(n, 0, r))
  assert.equal(backoff(1, '120', 0.5), 120000)
  assert.equal(backoff(1, null, 0.5), 1500)
  assert.equal(backoff(1, 'Wed, 21 Oct 2015 07:28:00 GMT', 1), 2000, 'a date is ignored (the server sends seconds)')
})

test('a response is stored before it is sent, POSTed as text/plain with keepalive, and dropped on 2xx', async () => {
  reset()
  enqueue('r', 'r1', { id: 'r1', answers: { score: 9 } })
  assert.equal(calls.length, 0, 'sent on the next tick')
  assert.equal(queued('r1'), true)
  mock.timers.tick(1)
  assert.equal(calls.length, 1)
  const c = calls[0]
  assert.deepEqual(c.queueAtSend, ['r1'], 'queued in localStorage before the request')
  assert.equal(c.url, 'https://tp.example/v1/responses')
  assert.equal(c.init.method, 'POST')
  assert.equal(typeof c.init.body, 'string', 'a string body is sent as text/plain: no preflight')
  assert.equal(c.init.headers, undefined)
  assert.equal(c.init.keepalive, true)
  assert.equal(c.init.credentials, 'omit')
  assert.equal(queued('r1'), true)
  answer(c, 201)
  await settle()
  assert.equal(queued('r1'), false)
})

test('never the same id twice in flight; more answers queued meanwhile are sent after the ack', async () => {
  reset()
  enqueue('r', 'r2', { id: 'r2', answers: { score: 3 }, completed: false })
  mock.timers.tick(1)
  enqueue('r', 'r2', { id: 'r2', answers: { score: 3, followup: 'slow' }, completed: true })
  mock.timers.tick(1)
  assert.equal(calls.length, 1, 'one request while the first is in flight')
  assert.equal(load().queue_.length, 1, 'one queue item per response id')
  answer(calls[0], 201)
  await settle()
  assert.equal(calls.length, 2)
  assert.deepEqual(calls[1].body.answers, { score: 3, followup: 'slow' })
  assert.equal(queued('r2'), true, 'the completed version is not acknowledged yet')
  answer(calls[1], 200)
  await settle()
  assert.equal(queued('r2'), false)
})

test('503 with Retry-After, 429 and network errors keep the item and back off; a 4xx like 422 drops it', async () => {
  reset()
  const t = Date.now()
  enqueue('r', 'r3', { id: 'r3' })
  mock.timers.tick(1)
  answer(calls[0], 503, '30')
  await settle()
  let x = load().queue_[0]
  assert.equal(x.failures_, 1)
  assert.ok(x.nextTry_ >= t + 30000, 'not before Retry-After')
  flush()
  assert.equal(calls.length, 1, 'not retried before its time')
  mock.timers.tick(31000)
  assert.equal(calls.length, 2, 'retried by the timer')
  calls[1].reject(new TypeError('Failed to fetch'))
  await settle()
  x = load().queue_[0]
  assert.equal(x.failures_, 2)
  assert.ok(x.nextTry_ > Date.now())
  mock.timers.tick(5000)
  assert.equal(calls.length, 3)
  answer(calls[2], 429)
  await settle()
  assert.equal(load().queue_[0].failures_, 3)
  mock.timers.tick(9000)
  answer(calls[3], 422)
  await settle()
  assert.equal(queued('r3'), false, 'dropped: no retry can fix a 422')
})

test('events go in batches of at most 50, with their site key', async () => {
  reset()
  for (let i = 0; i < 60; i++) enqueue('e', 'e' + i, { id: 'e' + i, survey_id: 1, type: 'display' }, 'site1')
  enqueue('e', 'x1', { id: 'x1', survey_id: 2, type: 'dismiss' }, 'site2')
  mock.timers.tick(1)
  assert.equal(calls.length, 1, 'one batch per site at a time')
  assert.equal(calls[0].url, 'https://tp.example/v1/events')
  assert.equal(calls[0].body.site_key, 'site1')
  assert.deepEqual(calls[0].body.events.map(e => e.id), Array.from({ length: 50 }, (_, i) => 'e' + i))
  answer(calls[0], 202)
  await settle()
  assert.equal(calls.length, 2, 'the rest of site1 next')
  assert.deepEqual(calls[1].body.events.map(e => e.id), Array.from({ length: 10 }, (_, i) => 'e' + (50 + i)))
  answer(calls[1], 202)
  await settle()
  assert.deepEqual(calls[2].body, { site_key: 'site2', events: [{ id: 'x1', survey_id: 2, type: 'dismiss' }] })
  answer(calls[2], 202)
  await settle()
  assert.deepEqual(load().queue_, [])
})

test('the queue survives a reload: items left in storage are sent by the next page', async () => {
  reset()
  store.set('touchpoint', JSON.stringify({ queue_: [{ kind_: 'r', id_: 'old', body_: { id: 'old' } }] }))
  flush()
  assert.equal(calls.length, 1)
  assert.equal(calls[0].body.id, 'old')
  answer(calls[0], 200)
  await settle()
  assert.deepEqual(load().queue_, [])
})
