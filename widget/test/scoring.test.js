import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { SCALES, CLI_ITEMS, thresholds, category, mainScore } from '../src/scoring.js'

// the same cases pytest reads (tests/unit/test_scoring.py): the server and the widget score alike
const FIXTURE = JSON.parse(readFileSync(new URL('../../tests/fixtures/scoring.json', import.meta.url)))

test('scales, default thresholds and CLI items are the fixture\'s', () => {
  for (const [kind, [low, high]] of Object.entries(FIXTURE.scales)) assert.deepEqual(SCALES[kind].slice(0, 2), [low, high], kind)
  for (const [kind, pair] of Object.entries(FIXTURE.default_thresholds)) assert.deepEqual(thresholds({ kind }), pair, kind)
  assert.deepEqual(Object.keys(SCALES).sort(), Object.keys(FIXTURE.scales).sort())
  assert.deepEqual(CLI_ITEMS, FIXTURE.cli_items)
})

test('every fixture case: main score and category', () => {
  assert.ok(FIXTURE.cases.length >= 30)
  for (const c of FIXTURE.cases) {
    const survey = { kind: c.kind, outcomes: c.outcomes }
    const score = SCALES[c.kind] ? mainScore({ type: c.kind }, c.answer) : null
    if (c.score == null) assert.equal(score, null, JSON.stringify(c))
    else assert.ok(Math.abs(score - c.score) < 1e-9, `${JSON.stringify(c)}: ${score}`)
    assert.equal(category(survey, score), c.category, JSON.stringify(c))
  }
})

test('the CLI 8.7 case: the unrounded mean 8.667 is passive, so no share buttons', () => {
  const c = FIXTURE.cases.find(c => c.kind == 'cli' && c.outcomes.promoter_min == 8.7)
  assert.equal(category({ kind: 'cli', outcomes: c.outcomes }, mainScore({ type: 'cli' }, c.answer)), 'passive')
})
