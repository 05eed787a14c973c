import { test } from 'node:test'
import assert from 'node:assert/strict'
import { flickUp, SWIPE_DOWN, SWIPE_UP, SWIPE_MS } from '../src/triggers.js'

test('a fast upward scroll after scrolling down is an exit intent', () => {
  assert.equal(flickUp([[0, 900], [100, 800], [200, 700]], 1000), true)
})

test('not when the visitor never scrolled down far enough', () => {
  assert.equal(flickUp([[0, 250], [100, 50]], SWIPE_DOWN - 1), false)
})

test('not when the upward scroll is too short or too slow', () => {
  assert.equal(flickUp([[0, 900], [200, 900 - SWIPE_UP + 1]], 1000), false)
  assert.equal(flickUp([[0, 900], [SWIPE_MS + 1, 600]], 1000), false)
})

test('not when scrolling down', () => {
  assert.equal(flickUp([[0, 400], [100, 700]], 700), false)
})
