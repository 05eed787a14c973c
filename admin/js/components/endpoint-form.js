// The form to add or edit a webhook endpoint: URL, kind, description, events (checkboxes) and filters.

import { api } from '../api.js'
import { field, h, select } from '../dom.js'
import { CATEGORY_LABELS } from '../format.js'
import { clearErrors, showErrors } from './form-errors.js'

export const EVENT_LABELS = {
  'response.created': 'An answer arrives (the first question)',
  'response.completed': 'An answer is completed',
  'recovery.submitted': 'A detractor sends the recovery form',
  'alert.triggered': 'An alert rule fires (Alerts tab)',
  'case.opened': 'A case opens',
  'case.updated': 'A case changes (owner, status, note, reply, overdue)',
  'case.closed': 'A case is resolved'
}
const KINDS = [['webhook', 'Signed webhook (JSON, Standard Webhooks)'], ['slack', 'Slack message (incoming webhook URL)']]

/**
 * A form for a new endpoint (endpoint null) or an existing one; onSaved(result) gets the API's answer
 * (a new endpoint carries its secret). surveys: the site's surveys, for the survey filter.
 */
export function endpointForm(site, surveys, endpoint, onSaved, onCancel) {
  const editing = !!endpoint
  const values = endpoint || { url: '', description: '', kind: 'webhook', events: ['response.created'], filters: {} }
  const url = h('input', { type: 'url', value: values.url, maxlength: 2048, required: true, placeholder: 'https://hooks.example.com/touchpoint', autocomplete: 'off' })
  const description = h('input', { type: 'text', value: values.description, maxlength: 200, placeholder: 'CRM, support team…' })
  let kind = values.kind
  const kindSelect = select(KINDS, kind, v => { kind = v })
  const events = new Set(values.events)
  const eventBoxes = h('fieldset', { class: 'checks', dataset: { field: 'events' } }, h('legend', { text: 'Send these events' }),
    Object.entries(EVENT_LABELS).map(([name, text]) => {
      const box = h('input', { type: 'checkbox', value: name, checked: events.has(name) })
      box.addEventListener('change', () => { box.checked ? events.add(name) : events.delete(name) })
      return h('label', { class: 'check' }, box, h('span', { text }))
    }))
  const filters = { ...values.filters }
  const surveyOptions = [['', 'Any survey'], ...surveys.map(s => [String(s.id), s.name])]
  const surveySelect = select(surveyOptions, filters.survey_id == null ? '' : String(filters.survey_id), v => { filters.survey_id = v ? Number(v) : null })
  const touchpoint = h('input', { type: 'text', value: filters.touchpoint || '', maxlength: 120, placeholder: 'Any touchpoint' })
  const categorySelect = select([['', 'Any category'], ...Object.entries(CATEGORY_LABELS)], filters.category || '', v => { filters.category = v || null })
  const maxScore = h('input', { type: 'number', min: 0, max: 10, step: 1, value: filters.max_score ?? '', placeholder: 'Any score' })
  const form = h('form', { class: 'card form-card endpoint-form', novalidate: true },
    h('h2', { text: editing ? 'Edit endpoint' : 'Add an endpoint' }),
    h('div', { class: 'grid-2' },
      field('URL', url, { name: 'url', hint: 'https:// only. A Slack URL starts with https://hooks.slack.com/services/.' }),
      field('Kind', kindSelect, { name: 'kind' }),
      field('Description', description, { name: 'description', hint: 'Who receives it, for the people after you.' })),
    eventBoxes,
    h('fieldset', { class: 'endpoint-filters' }, h('legend', { text: 'Only when (leave empty for every answer)' }),
      h('div', { class: 'grid-2' },
        field('Survey', surveySelect, { name: 'filters.survey_id' }),
        field('Touchpoint', touchpoint, { name: 'filters.touchpoint' }),
        field('Category', categorySelect, { name: 'filters.category' }),
        field('Score at most', maxScore, { name: 'filters.max_score', hint: 'For example 6 for NPS detractors.' }))),
    h('div', { class: 'actions' },
      onCancel && h('button', { type: 'button', class: 'btn', text: 'Cancel', on: { click: onCancel } }),
      h('button', { type: 'submit', class: 'btn primary', text: editing ? 'Save endpoint' : 'Add endpoint' })))
  form.addEventListener('submit', async e => {
    e.preventDefault()
    clearErrors(form)
    const body = {
      url: url.value.trim(), description: description.value.trim(), kind, events: [...events],
      filters: {
        survey_id: filters.survey_id ?? null, touchpoint: touchpoint.value.trim() || null, category: filters.category || null,
        max_score: maxScore.value === '' ? null : Number(maxScore.value)
      }
    }
    try {
      const saved = editing
        ? await api(`/webhooks/${endpoint.id}`, { method: 'PATCH', body })
        : await api(`/sites/${site.id}/webhooks`, { method: 'POST', body })
      onSaved(saved)
    } catch (err) { showErrors(form, err) }
  })
  return form
}
