import { test } from 'node:test'
import assert from 'node:assert/strict'
import { lookup, locales, primary, normLocale, UI } from '../src/i18n.js'

const S = {
  default_locale: 'en',
  texts: {
    en: { 'q.score': 'How likely?', thanks: 'Thanks!', 'thanks.promoter': 'Yay!', 'review.passive': 'Review us' },
    ru: { 'q.score': 'Насколько вероятно?', thanks: 'Спасибо, правда!' },
    'pt-BR': { 'q.score': 'Qual a probabilidade?' },
    de: {}
  }
}

test('primary subtag and locale normalisation', () => {
  assert.equal(primary('pt-BR'), 'pt')
  assert.equal(primary('RU_ru'), 'ru')
  assert.equal(primary(undefined), '')
  assert.equal(normLocale('pt-BR'), 'pt-BR')
  assert.equal(normLocale('en_US'), 'en')
  assert.equal(normLocale('zh-Hant-TW'), 'zh-Hant-TW')
  assert.equal(normLocale('x'), '')
  assert.equal(normLocale('🙂'), '')
  assert.match(normLocale('de-' + 'a'.repeat(50)), /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/)
})

test('locale order: exact (case-insensitive), primary, default; empty catalogues skipped', () => {
  assert.deepEqual(locales(S, 'pt-br'), ['pt-BR', 'en'])
  assert.deepEqual(locales(S, 'ru-RU'), ['ru', 'en'])
  assert.deepEqual(locales(S, 'de-DE'), ['en'])
  assert.deepEqual(locales(S, 'fr'), ['en'])
  assert.deepEqual(locales({ texts: {}, default_locale: 'en' }, 'fr'), [])
})

test('lookup falls back exact → primary → default → built-in', () => {
  const t = lookup(S, 'pt-BR', UI)
  assert.equal(t('q.score'), 'Qual a probabilidade?')
  assert.equal(t('thanks'), 'Thanks!')
  assert.equal(t('next'), UI.en.next)
  assert.equal(t('nope'), '')
})

test('a closer locale generic text beats a farther locale specific text (no language mix)', () => {
  const t = lookup(S, 'ru', UI)
  assert.equal(t('thanks.promoter', 'thanks'), 'Спасибо, правда!')
  assert.equal(lookup(S, 'en', UI)('thanks.promoter', 'thanks'), 'Yay!')
  assert.equal(lookup(S, 'en', UI)('thanks.passive', 'thanks'), 'Thanks!')
})

test('built-in UI strings follow the best survey locale: Russian for ru, English otherwise', () => {
  assert.equal(lookup(S, 'ru-RU', UI)('send'), UI.ru.send)
  assert.equal(lookup(S, 'de', UI)('send'), UI.en.send, 'de has no texts, so the survey is in English, buttons too')
  assert.equal(lookup({ texts: {} }, 'ru', UI)('close'), UI.ru.close)
  assert.equal(lookup({ texts: {} }, 'ja', UI)('close'), UI.en.close)
  assert.equal(lookup(S, 'ru', UI)('nps.low'), UI.ru['nps.low'])
})

test('built-in catalogues are complete in both languages', () => {
  assert.deepEqual(Object.keys(UI.ru).sort(), Object.keys(UI.en).sort())
  for (const k in UI.ru) assert.ok(UI.ru[k] && UI.en[k], k)
})

test('the locale order agrees with the server (tests/fixtures/text_locales.json)', async () => {
  const { readFileSync } = await import('node:fs')
  const fixture = JSON.parse(readFileSync(new URL('../../tests/fixtures/text_locales.json', import.meta.url), 'utf8'))
  for (const c of fixture.cases) {
    const survey = { texts: c.texts ?? fixture.texts, default_locale: c.default_locale ?? fixture.default_locale }
    assert.deepEqual(locales(survey, c.locale), c.expected, JSON.stringify(c))
  }
})
