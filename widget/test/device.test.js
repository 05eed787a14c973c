import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { deviceClass } from '../src/device.js'

// the same cases pytest reads (tests/unit/test_devices.py); bots are the server's alone to refuse
const CASES = JSON.parse(readFileSync(new URL('../../tests/fixtures/devices.json', import.meta.url)))

test('every fixture User-Agent gets the fixture\'s device class', () => {
  const visitors = CASES.filter(c => c.device != 'bot')
  assert.ok(visitors.length >= 25)
  for (const c of visitors) assert.equal(deviceClass(c.ua, c.touch_points || 0), c.device, c.ua)
})

test('a Mac without a touch screen stays a desktop', () => {
  const mac = CASES.find(c => c.touch_points).ua
  assert.equal(deviceClass(mac, 0), 'desktop')
  assert.equal(deviceClass(mac, 5), 'tablet')
})
