// Builder sections about what the survey says: basics, questions, texts per locale, outcomes.

import { h } from '../dom.js'
import { KIND_LABELS, STAGES, STAGE_LABELS } from '../format.js'
import { surveyFormat } from '../survey-format.js'
import { bound, boolControl, numberControl, selectControl, setControl, textControl, textKeyControl } from './controls.js'
import { changeKind, changeQuestionType, freeId, isScored, isScoredType, textGroups } from './model.js'

const QUESTION_TYPES = [['nps', 'NPS scale 0–10'], ['csat', 'Satisfaction 1–5'], ['ces', 'Effort 1–7'], ['cli', 'Loyalty (three 0–10 scales)'],
  ['single', 'One choice'], ['multi', 'Several choices'], ['text', 'Free text']]
const DETRACTOR_OUTCOMES = [
  ['in_widget', 'Ask in the popup: a note, and an e-mail with consent'],
  ['hosted', 'Offer a button to the hosted “What went wrong?” page'],
  ['redirect', 'Offer a button to a page of your own']
]
const NETWORKS = [['x', 'X'], ['facebook', 'Facebook'], ['linkedin', 'LinkedIn'], ['vk', 'VK'], ['telegram', 'Telegram'],
  ['whatsapp', 'WhatsApp'], ['email', 'E-mail'], ['copy', 'Copy link']]

export function basics(ctx) {
  const d = ctx.draft
  return [
    h('div', { class: 'grid-2' },
      bound('Survey name', 'name', textControl(ctx, 'name', { maxlength: 120 }), 'For you only: visitors never see it.'),
      bound('Touchpoint label', 'touchpoint', textControl(ctx, 'touchpoint', { maxlength: 80, placeholder: 'e.g. Checkout, Product page' }),
        'Names this moment on the touchpoint map.'),
      bound('Journey stage', 'journey_stage', selectControl(ctx, 'journey_stage', STAGES.map(s => [s, STAGE_LABELS[s]]))),
      bound('Score type', 'kind', selectControl(ctx, 'kind', Object.entries(KIND_LABELS), {
        rerender: true, onPick: kind => changeKind(d, kind)
      }), 'NPS, CSAT, CES and CLI open with their scale; Custom asks only your own questions.'))
  ]
}

export function questions(ctx) {
  const d = ctx.draft
  const qs = d.questions
  const move = (i, by) => { const [q] = qs.splice(i, 1); qs.splice(i + by, 0, q); ctx.change({ rerender: true }) }
  const cards = qs.map((q, i) => {
    const locked = i === 0 && isScored(d)
    const path = `questions.${i}`
    return h('div', { class: 'question', dataset: { field: path } },
      h('div', { class: 'question-head' },
        h('span', { class: 'question-no', text: `${i + 1}` }),
        h('strong', { text: locked ? `Main score (${KIND_LABELS[d.kind]})` : 'Question' }),
        !ctx.readonly && h('span', { class: 'question-tools' },
          i > (isScored(d) ? 1 : 0) && h('button', { type: 'button', class: 'btn icon', title: 'Move up', 'aria-label': 'Move up', text: '↑', on: { click: () => move(i, -1) } }),
          i < qs.length - 1 && !locked && h('button', { type: 'button', class: 'btn icon', title: 'Move down', 'aria-label': 'Move down', text: '↓', on: { click: () => move(i, 1) } }),
          !locked && qs.length > 1 && h('button', {
            type: 'button', class: 'btn icon', title: 'Remove question', 'aria-label': 'Remove question', text: '✕',
            on: { click: () => { qs.splice(i, 1); ctx.change({ rerender: true }) } }
          }))),
      wording(ctx, q),
      h('div', { class: 'grid-3' },
        bound('Id', `${path}.id`, textControl(ctx, `${path}.id`, { maxlength: 32, pattern: '[a-z][a-z0-9_]*' }), 'a-z, 0-9 and _; names the CSV column'),
        bound('Type', `${path}.type`, selectControl(ctx, `${path}.type`, QUESTION_TYPES.filter(([t]) => locked ? t === d.kind : !isScoredType(t)), {
          rerender: true, disabled: locked || ctx.readonly, onPick: type => changeQuestionType(q, type)
        })),
        h('div', { class: 'field' }, h('span', { class: 'label', text: 'Answer' }), boolControl(ctx, `${path}.required`, 'Required'))),
      ['single', 'multi'].includes(q.type) && optionsEditor(ctx, q, path),
      q.type === 'text' && bound('Longest answer (characters)', `${path}.max_length`, numberControl(ctx, `${path}.max_length`, { min: 1, max: 2000 })))
  })
  return [
    ...cards,
    !ctx.readonly && qs.length < 10 && h('button', {
      type: 'button', class: 'btn small', text: '+ Add a question',
      on: { click: () => { qs.push({ id: freeId(d), type: 'text', max_length: 1000, required: false }); ctx.change({ rerender: true }) } }
    }),
    isScored(d)
      ? h('div', { class: 'followup', dataset: { field: 'followup' } },
        h('h3', { text: 'Follow-up after the score' }),
        boolControl(ctx, 'followup.enabled', 'Ask “why?” right after the score, worded for promoters, passives and detractors', { rerender: true }),
        d.followup?.enabled && bound('Longest answer (characters)', 'followup.max_length', numberControl(ctx, 'followup.max_length', { min: 1, max: 2000 })))
      : h('p', { class: 'hint', text: 'A follow-up after the score exists for NPS, CSAT, CES and CLI surveys.' })
  ]
}

/** The question's wording in the default language, where the question is; the same text as under Texts. */
function wording(ctx, q) {
  const d = ctx.draft
  const locale = d.default_locale
  const others = Object.keys(d.texts || {}).length > 1
  return h('div', { class: 'question-wording' }, bound('Question wording', `texts.${locale}.q.${q.id}`, textKeyControl(ctx, locale, () => `q.${q.id}`),
    `In “${locale}”, the default language${others ? '; the other languages are under Texts' : ''} (key “q.${q.id}”).`))
}

function optionsEditor(ctx, q, path) {
  const rows = q.options.map((_, j) => h('div', { class: 'option-row', dataset: { field: `${path}.options.${j}` } },
    textControl(ctx, `${path}.options.${j}`, { maxlength: 32, 'aria-label': `Option ${j + 1} id` }),
    !ctx.readonly && q.options.length > 1 && h('button', {
      type: 'button', class: 'btn icon', 'aria-label': 'Remove option', title: 'Remove option', text: '✕',
      on: { click: () => { q.options.splice(j, 1); ctx.change({ rerender: true }) } }
    })))
  return h('div', { class: 'field', dataset: { field: `${path}.options` } },
    h('span', { class: 'label', text: 'Options (ids; their wording goes in Texts)' }),
    h('div', { class: 'options' }, rows),
    !ctx.readonly && q.options.length < 20 && h('button', {
      type: 'button', class: 'btn small', text: '+ Add an option',
      on: { click: () => { q.options.push(`option_${q.options.length + 1}`); ctx.change({ rerender: true }) } }
    }))
}

/** Texts per locale: one tab per locale, every key the questions and outcomes use, and any other key kept. */
export function texts(ctx, ui) {
  const d = ctx.draft
  const locales = Object.keys(d.texts)
  if (!locales.includes(ui.locale)) ui.locale = d.default_locale in d.texts ? d.default_locale : locales[0]
  const locale = ui.locale
  const catalogue = d.texts[locale] || {}
  const known = new Set()
  const input = (key, text) => {
    known.add(key)
    const path = `texts.${locale}.${key}`
    const el = textKeyControl(ctx, locale, key)
    return h('div', { class: 'field text-key', dataset: { field: path } },
      h('label', { class: 'label', for: el.id = `t-${locale}-${key}`, text }), el, h('span', { class: 'key', text: key }))
  }
  const groups = textGroups(d).map(g => h('div', { class: 'text-group' }, h('h3', { text: g.group }), g.keys.map(([k, t]) => input(k, t))))
  const extra = Object.keys(catalogue).filter(k => !known.has(k))
  const tabs = h('div', { class: 'subtabs', role: 'tablist', 'aria-label': 'Language' }, locales.map(l => h('button', {
    type: 'button', role: 'tab', 'aria-selected': String(l === locale), dataset: { field: `texts.${l}` },
    text: l + (l === d.default_locale ? ' (default)' : ''), on: { click: () => { ui.locale = l; ctx.change({ rerender: true, silent: true }) } }
  })))
  const newLocale = h('input', { type: 'text', placeholder: 'e.g. de or pt-BR', size: 10, maxlength: 35, 'aria-label': 'New language code' })
  const addLocale = () => {
    const code = newLocale.value.trim()
    if (!code || d.texts[code]) return
    d.texts[code] = {}
    ui.locale = code
    ctx.change({ rerender: true })
  }
  newLocale.addEventListener('keydown', e => { if (e.key === 'Enter') { e.preventDefault(); addLocale() } })
  return [
    h('p', { class: 'hint', text: 'Visitors get their own language when you have it, else the default language. Empty fields fall back to the widget’s built-in wording where one exists.' }),
    h('div', { class: 'locale-bar' }, tabs, !ctx.readonly && h('span', { class: 'locale-tools' }, newLocale,
      h('button', { type: 'button', class: 'btn small', text: '+ Add language', on: { click: addLocale } }))),
    h('div', { class: 'locale-tools row wrap' },
      bound('Default language', 'default_locale', selectControl(ctx, 'default_locale', locales.map(l => [l, l]), { rerender: true })),
      !ctx.readonly && locale !== d.default_locale && h('button', {
        type: 'button', class: 'btn small danger', text: `Remove “${locale}”`,
        on: { click: () => { delete d.texts[locale]; ctx.change({ rerender: true }) } }
      })),
    groups,
    extra.length ? h('div', { class: 'text-group' }, h('h3', { text: 'Other texts' }), extra.map(k => input(k, k))) : null
  ]
}

export function outcomes(ctx) {
  const d = ctx.draft
  if (!isScored(d)) return [h('p', { class: 'muted', text: 'Share buttons, review links and the detractor recovery page follow a score, so they exist for NPS, CSAT, CES and CLI surveys.' })]
  const [low, high] = surveyFormat().scales[d.kind]
  return [
    h('div', { class: 'grid-2' },
      bound('Promoters from', 'outcomes.promoter_min', numberControl(ctx, 'outcomes.promoter_min', { min: low, max: high, step: 'any', nullable: true }),
        `Scores at or above this are promoters (scale ${low}–${high}).`),
      bound('Detractors up to', 'outcomes.detractor_max', numberControl(ctx, 'outcomes.detractor_max', { min: low, max: high, step: 'any', nullable: true }),
        'Scores at or below this are detractors; in between are passives.')),
    h('h3', { text: 'Promoters: share buttons' }),
    setControl(ctx, 'outcomes.share.networks', NETWORKS, 'Networks'),
    bound('Address to share', 'outcomes.share.url', textControl(ctx, 'outcomes.share.url', { type: 'url', emptyAs: null, placeholder: 'https://your-shop.example/' }),
      'Needed when you pick a network. The post text is “share.text” in Texts.'),
    h('h3', { text: 'Everyone: review link' }),
    bound('Review page', 'outcomes.review_url', textControl(ctx, 'outcomes.review_url', { type: 'url', emptyAs: null, placeholder: 'https://g.page/r/…/review' }),
      'Offered to every respondent, worded by score (asking only happy customers breaks Google’s rules).'),
    h('h3', { text: 'Detractors: recovery' }),
    bound('After a detractor answers', 'outcomes.detractor', selectControl(ctx, 'outcomes.detractor', DETRACTOR_OUTCOMES, { rerender: true }),
      'Nothing ever leaves the page by itself: the popup asks, or the visitor chooses to follow a button.'),
    d.outcomes.detractor === 'redirect' && bound('Your recovery page', 'outcomes.recovery_url', textControl(ctx, 'outcomes.recovery_url', { type: 'url', emptyAs: null, placeholder: 'https://your-shop.example/sorry' }),
      'The button opens it with response_id and score added to the address.')
  ]
}
