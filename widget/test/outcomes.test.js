import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { safeUrl, shareUrl, recoveryUrl } from '../src/outcomes.js'

test('share URLs, exactly, with encoding', () => {
  const url = 'https://shop.example/p?a=1&b=2', text = 'I love this shop & you will too!'
  const u = 'https%3A%2F%2Fshop.example%2Fp%3Fa%3D1%26b%3D2', t = 'I%20love%20this%20shop%20%26%20you%20will%20too!'
  assert.equal(shareUrl('x', url, text), `https://twitter.com/intent/tweet?text=${t}&url=${u}`)
  assert.equal(shareUrl('facebook', url, text), `https://www.facebook.com/sharer/sharer.php?u=${u}`)
  assert.equal(shareUrl('linkedin', url, text), `https://www.linkedin.com/sharing/share-offsite/?url=${u}`)
  assert.equal(shareUrl('vk', url, text), `https://vk.com/share.php?url=${u}&title=${t}`)
  assert.equal(shareUrl('telegram', url, text), `https://t.me/share/url?url=${u}&text=${t}`)
  assert.equal(shareUrl('whatsapp', url, text), `https://wa.me/?text=${t}%20${u}`)
  assert.equal(shareUrl('email', url, text), `mailto:?subject=${t}&body=${t}%20${u}`)
  assert.equal(shareUrl('copy', url, text), undefined)
})

test('share URLs without a text, and non-ASCII text', () => {
  const url = 'https://shop.example/'
  assert.equal(shareUrl('x', url, ''), 'https://twitter.com/intent/tweet?text=&url=https%3A%2F%2Fshop.example%2F')
  assert.equal(shareUrl('whatsapp', url), 'https://wa.me/?text=https%3A%2F%2Fshop.example%2F')
  assert.equal(shareUrl('telegram', url, 'Привет'), 'https://t.me/share/url?url=https%3A%2F%2Fshop.example%2F&text=%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82')
})

test('safeUrl keeps http(s) only', () => {
  assert.equal(safeUrl('https://g.page/r/x/review'), 'https://g.page/r/x/review')
  assert.equal(safeUrl('http://a.example'), 'http://a.example/')
  for (const bad of ['javascript:alert(1)', ' javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<b>x</b>', 'ftp://a.example/', '/relative', '', null, undefined, 'vbscript:x'])
    assert.equal(safeUrl(bad), '', String(bad))
})

test('recovery URL: appended to the custom URL with or without a query, before the fragment', () => {
  const S = recovery_url => ({ kind: 'nps', outcomes: { recovery_url } })
  const id = '6f1c2b1e-5c7d-4f51-9d1a-3f0c4b8a9e11'
  assert.equal(recoveryUrl(S('https://shop.example/sorry'), 'https://tp.example', id, 3), `https://shop.example/sorry?response_id=${id}&score=3`)
  assert.equal(recoveryUrl(S('https://shop.example/sorry?src=nps'), 'https://tp.example', id, 3), `https://shop.example/sorry?src=nps&response_id=${id}&score=3`)
  assert.equal(recoveryUrl(S('https://shop.example/sorry?'), 'https://tp.example', id, 0), `https://shop.example/sorry?response_id=${id}&score=0`)
  assert.equal(recoveryUrl(S('https://shop.example/sorry?a=1&'), 'https://tp.example', id, 0), `https://shop.example/sorry?a=1&response_id=${id}&score=0`)
  assert.equal(recoveryUrl(S('https://shop.example/sorry?a=1#top'), 'https://tp.example', id, 5.7), `https://shop.example/sorry?a=1&response_id=${id}&score=5.7#top`)
  assert.equal(recoveryUrl(S('https://shop.example'), 'https://tp.example', id, 1), `https://shop.example/?response_id=${id}&score=1`)
})

test('recovery URL: hosted page when null, and when the custom URL is not http(s)', () => {
  const id = '6f1c2b1e-5c7d-4f51-9d1a-3f0c4b8a9e11', hosted = `https://tp.example/r/${id}?score=2`
  assert.equal(recoveryUrl({ outcomes: { recovery_url: null } }, 'https://tp.example', id, 2), hosted)
  assert.equal(recoveryUrl({}, 'https://tp.example', id, 2), hosted)
  assert.equal(recoveryUrl({ outcomes: { recovery_url: 'javascript:alert(document.cookie)' } }, 'https://tp.example', id, 2), hosted)
  assert.equal(recoveryUrl({ outcomes: { recovery_url: 'data:text/html;base64,PHNjcmlwdD4=' } }, 'https://tp.example', id, 2), hosted)
})

test('recovery URL: a CLI mean is shown to one decimal', () => {
  const id = '6f1c2b1e-5c7d-4f51-9d1a-3f0c4b8a9e11'
  assert.equal(recoveryUrl({}, 'https://tp.example', id, 16 / 3), `https://tp.example/r/${id}?score=5.3`)
})

test('the recovery form rule agrees with the server (tests/fixtures/recovery_form.json)', async () => {
  const { recoveryErrors } = await import('../src/outcomes.js')
  const { cases } = JSON.parse(readFileSync(new URL('../../tests/fixtures/recovery_form.json', import.meta.url), 'utf8'))
  assert.ok(cases.length > 10)
  for (const c of cases) {
    const message = c.message.repeat(c.repeat_message || 1), email = c.email && c.email.repeat(c.repeat_email || 1)
    assert.deepEqual(Object.keys(recoveryErrors(message, email, c.consent)).sort(), c.errors, JSON.stringify(c))
  }
})
