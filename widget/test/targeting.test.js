import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { matchRule, anyRule, urlAllowed, audience, bucket, scheduled } from '../src/targeting.js'

const U = 'https://x.example/a/b?c=1#h'
const loc = url => ({ href: url, pathname: new URL(url).pathname })
const L = loc(U)
const rule = (match, value, target = 'path') => ({ match, value, target })

test('shared url_rules.json fixture: every case matches the expected result', () => {
  const cases = JSON.parse(readFileSync(new URL('../../tests/fixtures/url_rules.json', import.meta.url)))
  assert.ok(cases.length >= 40)
  for (const c of cases) assert.equal(matchRule(c.rule, loc(c.url)), c.expected, JSON.stringify(c))
})

test('each match type on path and on url', () => {
  assert.equal(matchRule(rule('exact', '/a/b'), L), true)
  assert.equal(matchRule(rule('exact', '/a/b', 'url'), L), false)
  assert.equal(matchRule(rule('contains', 'c=1'), L), false)
  assert.equal(matchRule(rule('contains', 'c=1', 'url'), L), true)
  assert.equal(matchRule(rule('starts_with', '/a'), L), true)
  assert.equal(matchRule(rule('starts_with', '/b'), L), false)
  assert.equal(matchRule(rule('ends_with', '#h', 'url'), L), true)
  assert.equal(matchRule(rule('ends_with', '#h'), L), false)
  assert.equal(matchRule(rule('regex', '^/a/b$'), L), true)
  assert.equal(matchRule(rule('regex', '^/a$'), L), false)
})

test('matching is case-sensitive', () => {
  assert.equal(matchRule(rule('contains', '/A'), L), false)
  assert.equal(matchRule(rule('regex', '/A'), L), false)
})

test('invalid regex, unknown match or target, missing value: false, never a throw', () => {
  for (const r of [rule('regex', '['), rule('regex', '(?<'), rule('glob', '*'), rule('contains', '/a', 'host'), { match: 'contains', target: 'path' }, {}]) {
    assert.doesNotThrow(() => matchRule(r, L))
    assert.equal(matchRule(r, L), false, JSON.stringify(r))
  }
})

test('include is "any of", empty include is every page, exclude wins', () => {
  assert.equal(urlAllowed({ include: [], exclude: [] }, L), true)
  assert.equal(urlAllowed({}, L), true)
  assert.equal(urlAllowed({ include: [rule('exact', '/x'), rule('starts_with', '/a')] }, L), true)
  assert.equal(urlAllowed({ include: [rule('exact', '/x')] }, L), false)
  assert.equal(urlAllowed({ include: [rule('starts_with', '/a')], exclude: [rule('contains', '#h', 'url')] }, L), false)
  assert.equal(anyRule(null, L), false)
})

const V = { ...L, device_: 'desktop', pageViews_: 3, visits_: 2, language_: 'en-US', visitorId_: 'visitor-1' }
const S = (audience = {}) => ({ id: 7, audience })

test('audience: device', () => {
  assert.equal(audience(S({ devices: ['desktop', 'tablet'] }), V), true)
  assert.equal(audience(S({ devices: ['mobile'] }), V), false)
  assert.equal(audience(S({ devices: [] }), V), true)
})

test('audience: new visitor is the first page view of the first visit, returning is a later visit', () => {
  assert.equal(audience(S({ visitor: 'new' }), { ...V, pageViews_: 1, visits_: 1 }), true)
  assert.equal(audience(S({ visitor: 'new' }), { ...V, pageViews_: 2, visits_: 1 }), false)
  assert.equal(audience(S({ visitor: 'new' }), { ...V, pageViews_: 5, visits_: 2 }), false)
  assert.equal(audience(S({ visitor: 'returning' }), { ...V, pageViews_: 2, visits_: 1 }), false)
  assert.equal(audience(S({ visitor: 'returning' }), { ...V, pageViews_: 5, visits_: 2 }), true)
  assert.equal(audience(S({ visitor: 'all' }), { ...V, pageViews_: 1, visits_: 1 }), true)
})

test('audience: minimum page views counts this one', () => {
  assert.equal(audience(S({ min_page_views: 3 }), V), true)
  assert.equal(audience(S({ min_page_views: 4 }), V), false)
})

test('audience: language is the primary subtag', () => {
  assert.equal(audience(S({ languages: ['en'] }), V), true)
  assert.equal(audience(S({ languages: ['ru', 'de'] }), V), false)
  assert.equal(audience(S({ languages: ['ru'] }), { ...V, language_: 'RU_ru' }), true)
  assert.equal(audience(S({ languages: [] }), V), true)
})

test('audience: sampling 0 never, 100 always, in between by the stable bucket', () => {
  assert.equal(audience(S({ sample_percent: 0 }), V), false)
  assert.equal(audience(S({ sample_percent: 100 }), V), true)
  const b = bucket(V.visitorId_, 7)
  assert.equal(audience(S({ sample_percent: b + 1 }), V), true)
  assert.equal(audience(S({ sample_percent: b }), V), false)
})

test('audience: URL rules are part of it', () => {
  assert.equal(audience(S({ include: [rule('starts_with', '/shop')] }), V), false)
  assert.equal(audience(S({ exclude: [rule('regex', '^/a')] }), V), false)
})

test('sampling bucket is stable per visitor and survey, and different across surveys', () => {
  assert.equal(bucket('v1', 12), bucket('v1', 12))
  const b = bucket('6f1c2b1e-5c7d-4f51-9d1a-3f0c4b8a9e11', 12)
  assert.ok(b >= 0 && b < 100 && Number.isInteger(b))
  const per = new Set(Array.from({ length: 50 }, (_, i) => bucket('v1', i)))
  assert.ok(per.size > 20, 'one visitor lands in many buckets across surveys')
})

test('sampling buckets are roughly uniform over many visitor ids', () => {
  const bins = new Array(10).fill(0), N = 20000
  for (let i = 0; i < N; i++) bins[Math.floor(bucket(crypto.randomUUID(), 5) / 10)]++
  for (const n of bins) assert.ok(Math.abs(n - N / 10) < N / 10 * 0.12, `bins ${bins}`)
  let under30 = 0
  for (let i = 0; i < N; i++) if (bucket(crypto.randomUUID(), 99) < 30) under30++
  assert.ok(Math.abs(under30 / N - 0.3) < 0.02, `30 % sample gave ${under30 / N}`)
})

test('schedule: start inclusive, end exclusive, open bounds, bad dates ignored', () => {
  const t = Date.parse('2026-06-01T00:00:00Z')
  assert.equal(scheduled({ schedule: { start: null, end: null } }, t), true)
  assert.equal(scheduled({}, t), true)
  assert.equal(scheduled({ schedule: { start: '2026-06-01T00:00:00Z' } }, t), true)
  assert.equal(scheduled({ schedule: { start: '2026-06-01T00:00:01Z' } }, t), false)
  assert.equal(scheduled({ schedule: { end: '2026-06-01T00:00:00Z' } }, t), false)
  assert.equal(scheduled({ schedule: { end: '2027-01-01T00:00:00Z' } }, t), true)
  assert.equal(scheduled({ schedule: { start: 'garbage' } }, t), true)
})

test('audienceMiss names the first rule a visitor does not meet (what ?touchpoint_debug=1 prints)', async () => {
  const { audienceMiss } = await import('../src/targeting.js')
  assert.equal(audienceMiss(S({}), V), '')
  assert.equal(audienceMiss(S({ exclude: [{ match: 'contains', value: '/', target: 'path' }] }), V), 'page rules')
  assert.equal(audienceMiss(S({ devices: ['mobile'] }), V), 'device rule')
  assert.equal(audienceMiss(S({ visitor: 'returning' }), { ...V, visits_: 1 }), 'new/returning visitor rule')
  assert.equal(audienceMiss(S({ min_page_views: 99 }), V), 'minimum page views')
  assert.equal(audienceMiss(S({ languages: ['xx'] }), V), 'language rule')
  assert.equal(audienceMiss(S({ sample_percent: 0 }), V), 'sampling')
})
