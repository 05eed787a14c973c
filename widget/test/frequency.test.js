import { test } from 'node:test'
import assert from 'node:assert/strict'
import { allowed } from '../src/frequency.js'

const DAY = 864e5, T = Date.parse('2026-06-10T12:00:00Z')
const S = (frequency) => ({ id: 1, frequency })
// allowed(survey, shown, lastAnyDisplay, cooldownDays, visitNumber, now)

test('once: shown until the first display, never after', () => {
  const s = S({ mode: 'once', dismiss_mute_days: 0 })
  assert.equal(allowed(s, undefined, undefined, 0, 1, T), true)
  assert.equal(allowed(s, { displayedAt_: T - 400 * DAY, displayVisit_: 1 }, undefined, 0, 9, T), false)
})

test('until_answered: again on a later visit, not in the same visit, never once answered', () => {
  const s = S({ mode: 'until_answered', dismiss_mute_days: 0 })
  assert.equal(allowed(s, {}, undefined, 0, 3, T), true)
  assert.equal(allowed(s, { displayedAt_: T - 1000, displayVisit_: 3 }, undefined, 0, 3, T), false)
  assert.equal(allowed(s, { displayedAt_: T - DAY, displayVisit_: 2 }, undefined, 0, 3, T), true)
  assert.equal(allowed(s, { displayedAt_: T - DAY, displayVisit_: 2, answeredAt_: T - DAY }, undefined, 0, 3, T), false)
})

test('until_answered is the default mode', () => {
  assert.equal(allowed(S({}), { displayedAt_: T, displayVisit_: 1, answeredAt_: T }, undefined, 0, 2, T + 9 * DAY), false)
  assert.equal(allowed({ id: 1 }, { displayedAt_: T, displayVisit_: 1 }, undefined, 0, 2, T + DAY), true)
})

test('every_n_days: at most once per N days, answered or not', () => {
  const s = S({ mode: 'every_n_days', days: 7, dismiss_mute_days: 0 })
  assert.equal(allowed(s, {}, undefined, 0, 1, T), true)
  assert.equal(allowed(s, { displayedAt_: T - 6 * DAY, answeredAt_: T - 6 * DAY }, undefined, 0, 1, T), false)
  assert.equal(allowed(s, { displayedAt_: T - 7 * DAY, answeredAt_: T - 7 * DAY }, undefined, 0, 1, T), true)
})

test('a dismissal mutes the survey for dismiss_mute_days', () => {
  const s = S({ mode: 'every_n_days', days: 1, dismiss_mute_days: 7 })
  assert.equal(allowed(s, { displayedAt_: T - 3 * DAY, dismissedAt_: T - 3 * DAY }, undefined, 0, 5, T), false)
  assert.equal(allowed(s, { displayedAt_: T - 8 * DAY, dismissedAt_: T - 8 * DAY }, undefined, 0, 5, T), true)
  const noMute = S({ mode: 'every_n_days', days: 1, dismiss_mute_days: 0 })
  assert.equal(allowed(noMute, { displayedAt_: T - 2 * DAY, dismissedAt_: T - 2 * DAY }, undefined, 0, 5, T), true)
})

test('site cooldown between any two surveys', () => {
  const s = S({ mode: 'until_answered', dismiss_mute_days: 0 })
  assert.equal(allowed(s, {}, T - 12 * 36e5, 1, 4, T), false)
  assert.equal(allowed(s, {}, T - 25 * 36e5, 1, 4, T), true)
  assert.equal(allowed(s, {}, T - 1000, 0, 4, T), true)
})
