// The filtered, paginated list of responses with comments, answers and recovery answers.

import { api } from '../api.js'
import { emptyState, h, replace } from '../dom.js'
import { CATEGORY_LABELS, DEVICE_LABELS, TRIGGER_LABELS, channelLabel, count, dateTime, label } from '../format.js'

const PER_PAGE = 20

/** A list bound to a survey; load(filters) shows the first page for new filters. */
export function responseList(survey, textOf) {
  const list = h('div', { class: 'responses' })
  const pager = h('div', { class: 'pager' })
  const title = h('h2', { text: 'Responses' })
  const el = h('section', { class: 'card', id: 'responses' }, h('div', { class: 'card-head' }, title), list, pager)
  let filters = {}
  let page = 1

  async function load(newFilters = filters, newPage = 1) {
    filters = newFilters
    page = newPage
    const body = await api(`/surveys/${survey.id}/responses`, { query: { ...filters, page, per_page: PER_PAGE } })
    title.textContent = `Responses (${count(body.total)})`
    const filtered = Object.values(filters).some(Boolean)
    replace(list, body.items.length ? body.items.map(r => responseItem(r, survey, textOf))
      : filtered ? emptyState('No responses match', 'Try a wider period or fewer filters.')
        : emptyState('No responses yet', survey.status === 'active' ? 'Every answer appears here as it arrives, newest first.'
          : 'This survey is not live: publish it in the builder to start collecting answers.'))
    replace(pager, body.pages > 1 && [
      h('button', { type: 'button', class: 'btn small', text: '← Newer', disabled: page <= 1, on: { click: () => load(filters, page - 1) } }),
      h('span', { class: 'muted', text: `Page ${page} of ${body.pages}` }),
      h('button', { type: 'button', class: 'btn small', text: 'Older →', disabled: page >= body.pages, on: { click: () => load(filters, page + 1) } })])
  }
  return { el, load }
}

function answerText(value, question, textOf) {
  if (value == null) return ''
  if (Array.isArray(value)) return value.map(v => textOf(`q.${question?.id}.${v}`) || v).join(', ')
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k.replace('_', ' ')} ${v}`).join(' · ')
  if (question && ['single'].includes(question.type)) return textOf(`q.${question.id}.${value}`) || String(value)
  return String(value)
}

/** One response: score, time, device, comment, answers, page and what the customer told the recovery page. */
export function responseItem(r, survey, textOf) {
  const questions = Object.fromEntries(survey.questions.map(q => [q.id, q]))
  const main = survey.questions[0]?.id
  const others = Object.entries(r.answers).filter(([k]) => k !== 'followup' && !(k === main && r.score != null) && questions[k]?.type !== 'text')
  const score = r.score == null ? null : Number.isInteger(r.score) ? r.score : r.score.toFixed(1)
  let path = r.page_url
  try { const u = new URL(r.page_url); path = u.pathname + u.search } catch (e) { /* keep as sent */ }
  return h('article', { class: 'response' },
    survey.kind !== 'custom' && h('div', { class: 'response-score' }, score != null
      ? h('span', { class: `score-badge cat-${r.category || 'none'}`, title: label(CATEGORY_LABELS, r.category), text: score })
      : h('span', { class: 'score-badge cat-none', text: '–' })),
    h('div', { class: 'response-body' },
      h('p', { class: 'response-meta' },
        h('time', { datetime: r.created_at, text: dateTime(r.created_at) }),
        h('span', { text: label(DEVICE_LABELS, r.device) + (r.browser ? ` · ${r.browser}` : '') + (r.os ? ` · ${r.os}` : '') }),
        r.locale && h('span', { text: r.locale }),
        r.trigger && h('span', { text: label(TRIGGER_LABELS, r.trigger) }),
        r.channel && r.channel !== 'web' && h('span', { class: 'chip', text: channelLabel(r.channel) }),
        !r.completed && h('span', { class: 'chip', text: 'Unfinished' })),
      r.comment ? h('blockquote', { class: 'comment', text: r.comment }) : null,
      others.length ? h('dl', { class: 'answers' }, others.map(([k, v]) => [
        h('dt', { text: textOf(`q.${k}`) || k }), h('dd', { text: answerText(v, questions[k], textOf) })])) : null,
      Object.keys(r.hidden_fields || {}).length ? h('dl', { class: 'answers hidden-fields' }, Object.entries(r.hidden_fields).map(([k, v]) => [
        h('dt', { text: k }), h('dd', { text: v })])) : null,
      r.page_url && h('p', { class: 'response-page muted small' }, 'on ', h('span', { class: 'mono', text: path })),
      r.recovery && h('div', { class: 'recovery' },
        h('p', { class: 'recovery-title', text: 'Told the recovery page' }),
        r.recovery.message && h('p', { class: 'comment', text: r.recovery.message }),
        h('p', { class: 'small' }, r.recovery.email && r.recovery.contact_consent
          ? ['May be contacted at ', h('a', { href: `mailto:${r.recovery.email}`, text: r.recovery.email })]
          : 'Did not leave a contact address.'))))
}
