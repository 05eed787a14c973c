// The form to add or edit an e-mail alert rule: its name, when it fires (every condition set must hold) and to whom.

import { api } from '../api.js'
import { field, h, select } from '../dom.js'
import { CATEGORY_LABELS } from '../format.js'
import { clearErrors, showErrors } from './form-errors.js'

const TRIGGER_TEXT = { answer: 'A completed answer', recovery: 'A detractor sends the recovery form' }

/** "a, b\nc" → ['a', 'b', 'c']: addresses or words typed one per line or separated by commas. */
export const splitList = text => text.split(/[\n,]/).map(s => s.trim()).filter(Boolean)

/**
 * A form for a new rule (rule null) or an existing one; onSaved(rule) gets the API's answer.
 * surveys: the site's surveys, for the survey condition.
 */
export function alertRuleForm(site, surveys, rule, onSaved, onCancel) {
  const editing = !!rule
  const values = rule || { name: '', trigger: 'answer', survey_id: null, touchpoint: '', category: 'detractor', max_score: null, words: [], recipients: [], notify_owner: false }
  const state = { trigger: values.trigger, survey_id: values.survey_id, category: values.category }
  const name = h('input', { type: 'text', value: values.name, maxlength: 120, required: true, placeholder: 'Detractors at checkout' })
  const trigger = select(Object.entries(TRIGGER_TEXT), state.trigger, v => { state.trigger = v })
  const survey = select([['', 'Any survey'], ...surveys.map(s => [String(s.id), s.name])], state.survey_id == null ? '' : String(state.survey_id),
    v => { state.survey_id = v ? Number(v) : null })
  const touchpoint = h('input', { type: 'text', value: values.touchpoint || '', maxlength: 80, placeholder: 'Any touchpoint' })
  const category = select([['', 'Any category'], ...Object.entries(CATEGORY_LABELS)], state.category || '', v => { state.category = v || null })
  const maxScore = h('input', { type: 'number', min: 0, max: 10, step: 1, value: values.max_score ?? '', placeholder: 'Any score' })
  const words = h('input', { type: 'text', value: values.words.join(', '), placeholder: 'refund, broken, never arrived' })
  const notifyOwner = h('input', { type: 'checkbox', checked: !!values.notify_owner })
  const recipients = h('textarea', { rows: 3, text: values.recipients.join('\n'), placeholder: 'support@shop.example', autocomplete: 'off' })
  const form = h('form', { class: 'card form-card alert-form', novalidate: true },
    h('h2', { text: editing ? 'Edit alert rule' : 'Add an alert rule' }),
    h('div', { class: 'grid-2' },
      field('Name', name, { name: 'name', hint: 'It is in the e-mail, so people know why they got it.' }),
      field('Fires on', trigger, { name: 'trigger', hint: 'An answer alerts once, when it is completed with its comment.' })),
    h('fieldset', { class: 'alert-conditions' }, h('legend', { text: 'Only when (leave empty for any)' }),
      h('div', { class: 'grid-2' },
        field('Survey', survey, { name: 'survey_id' }),
        field('Touchpoint', touchpoint, { name: 'touchpoint' }),
        field('Category', category, { name: 'category' }),
        field('Score at most', maxScore, { name: 'max_score', hint: 'For example 6 for NPS detractors.' }),
        field('Words in the comment', words, { name: 'words', hint: 'Any of them, separated by commas; “refund” also finds “Refunds”.', wide: true }))),
    field('Send alerts to', recipients, { name: 'recipients', hint: 'E-mail addresses, one per line or separated by commas.' }),
    h('label', { class: 'check', dataset: { field: 'notify_owner' } }, notifyOwner,
      h('span', { text: 'Also the owner of the answer’s touchpoint (set under Settings → Case inbox; else the site’s default owner)' })),
    h('div', { class: 'actions' },
      onCancel && h('button', { type: 'button', class: 'btn', text: 'Cancel', on: { click: onCancel } }),
      h('button', { type: 'submit', class: 'btn primary', text: editing ? 'Save rule' : 'Add rule' })))
  form.addEventListener('submit', async e => {
    e.preventDefault()
    clearErrors(form)
    const body = {
      name: name.value.trim(), trigger: state.trigger, survey_id: state.survey_id ?? null, touchpoint: touchpoint.value.trim(),
      category: state.category || null, max_score: maxScore.value === '' ? null : Number(maxScore.value),
      words: splitList(words.value), recipients: splitList(recipients.value), notify_owner: notifyOwner.checked
    }
    try {
      const saved = editing
        ? await api(`/alerts/${rule.id}`, { method: 'PATCH', body })
        : await api(`/sites/${site.id}/alerts`, { method: 'POST', body })
      onSaved(saved)
    } catch (err) { showErrors(form, err) }
  })
  return form
}
