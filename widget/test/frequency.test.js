import { test } from 'node:test'
import assert from 'node:assert/strict'
import { allowed } from '../src/frequency.js'

const DAY = 864e5, T = Date.parse('2026-06-10T12:00:00Z')
const S = (frequency) => ({ id: 1, frequency })
// allowed(S, surveyState, lastAnyDisplay, cooldownDays, visitNumber, now)

test('once: shown until the first display, never after', () => {
  const s = S({ mode: 'once', dismiss_mute_days: 0 })
  assert.equal(allowed(s, undefined, undefined, 0, 1, T), true)
  assert.equal(allowed(s, { d: T - 400 * DAY, e: 1 }, undefined, 0, 9, T), false)
})

test('until_answered: again on a later visit, not in the same visit, never once answered', () => {
  const s = S({ mode: 'until_answered', dismiss_mute_days: 0 })
  assert.equal(allowed(s, {}, undefined, 0, 3, T), true)
  assert.equal(allowed(s, { d: T - 1000, e: 3 }, undefined, 0, 3, T), false)
  assert.equal(allowed(s, { d: T - DAY, e: 2 }, undefined, 0, 3, T), true)
  assert.equal(allowed(s, { d: T - DAY, e: 2, a: T - DAY }, undefined, 0, 3, T), false)
})

test('until_answered is the default mode', () => {
  assert.equal(allowed(S({}), { d: T, e: 1, a: T }, undefined, 0, 2, T + 9 * DAY), false)
  assert.equal(allowed({ id: 1 }, { d: T, e: 1 }, undefined, 0, 2, T + DAY), true)
})

test('every_n_days: at most once per N days, answered or not', () => {
  const s = S({ mode: 'every_n_days', days: 7, dismiss_mute_days: 0 })
  assert.equal(allowed(s, {}, undefined, 0, 1, T), true)
  assert.equal(allowed(s, { d: T - 6 * DAY, a: T - 6 * DAY }, undefined, 0, 1, T), false)
  assert.equal(allowed(s, { d: T - 7 * DAY, a: T - 7 * DAY }, undefined, 0, 1, T), true)
})

test('a dismissal mutes the survey for dismiss_mute_days', () => {
  const s = S({ mode: 'every_n_days', days: 1, dismiss_mute_days: 7 })
  assert.equal(allowed(s, { d: T - 3 * DAY, x: T - 3 * DAY }, undefined, 0, 5, T), false)
  assert.equal(allowed(s, { d: T - 8 * DAY, x: T - 8 * DAY }, undefined, 0, 5, T), true)
  const noMute = S({ mode: 'every_n_days', days: 1, dismiss_mute_days: 0 })
  assert.equal(allowed(noMute, { d: T - 2 * DAY, x: T - 2 * DAY }, undefined, 0, 5, T), true)
})

test('site cooldown between any two surveys', () => {
  const s = S({ mode: 'until_answered', dismiss_mute_days: 0 })
  assert.equal(allowed(s, {}, T - 12 * 36e5, 1, 4, T), false)
  assert.equal(allowed(s, {}, T - 25 * 36e5, 1, 4, T), true)
  assert.equal(allowed(s, {}, T - 1000, 0, 4, T), true)
})
