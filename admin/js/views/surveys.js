// A site's surveys, and starting a new one from a template.

import { api } from '../api.js'
import { actionsHeader, emptyState, h, promptDialog, replace, toast } from '../dom.js'
import { navigate } from '../router.js'
import { isAdmin } from '../session.js'
import { KIND_LABELS, STAGE_LABELS, STATUS_LABELS, TRIGGER_LABELS, count, label, scoreText } from '../format.js'

export async function surveysTab(body, site) {
  const [surveys, templates] = await Promise.all([api(`/sites/${site.id}/surveys`), api('/templates')])
  replace(body,
    surveys.length ? surveyTable(site, surveys) : emptyState('No surveys yet',
      isAdmin() ? 'Pick a template below: every text, rule and colour can be changed before you publish.' : 'An admin has not created a survey yet.'),
    isAdmin() && templatePicker(site, templates, surveys.length === 0))
}

/** Move a survey one place up (-1) or down (+1) in the site's order, and redraw the tab. */
async function move(site, surveys, index, step) {
  const ids = surveys.map(s => s.id)
  ;[ids[index], ids[index + step]] = [ids[index + step], ids[index]]
  try {
    await api(`/sites/${site.id}/survey-order`, { method: 'PUT', body: { survey_ids: ids } })
    toast(`“${surveys[index].name}” is now ${ordinal(index + step + 1)}.`)
    navigate(`#/sites/${site.id}/surveys`)
  } catch (err) { toast(err.message, 'error') }
}

const ordinal = n => n + ([11, 12, 13].includes(n % 100) ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] || 'th')

function orderCell(site, surveys, index) {
  const s = surveys[index]
  const button = (step, text, arrow) => h('button', {
    type: 'button', class: 'btn small icon', 'aria-label': `${text}: ${s.name}`, title: text, text: arrow,
    disabled: !surveys[index + step], on: { click: () => move(site, surveys, index, step) }
  })
  return h('td', { class: 'order' }, h('span', { class: 'order-number', text: String(index + 1) }),
    isAdmin() && surveys.length > 1 && h('span', { class: 'order-moves' }, button(-1, 'Move up', '↑'), button(1, 'Move down', '↓')))
}

function surveyTable(site, surveys) {
  const rows = surveys.map((s, index) => h('tr', {},
    orderCell(site, surveys, index),
    h('td', {}, h('a', { href: `#/surveys/${s.id}`, class: 'strong', text: s.name }),
      h('div', { class: 'muted small', text: `${s.touchpoint || 'No touchpoint label'} · ${label(STAGE_LABELS, s.journey_stage)}` })),
    h('td', {}, h('span', { class: `chip status-${s.status}`, text: label(STATUS_LABELS, s.status) })),
    h('td', { class: 'hide-narrow', text: label(TRIGGER_LABELS, s.trigger) }),
    h('td', { class: 'num' }, h('span', { class: 'kind', text: KIND_LABELS[s.kind] }), ' ',
      h('strong', { text: s.headline.metric ? scoreText(s.headline.metric, s.headline.value) : '' })),
    h('td', { class: 'num', text: count(s.responses) }),
    h('td', { class: 'row-actions' },
      h('a', { class: 'btn small', href: `#/surveys/${s.id}/results`, text: 'Results' }),
      h('a', { class: 'btn small', href: `#/surveys/${s.id}`, text: isAdmin() ? 'Edit' : 'View' }))))
  return h('div', { class: 'table-wrap card' },
    surveys.length > 1 && h('p', { class: 'muted small table-note', text: 'When several surveys are due at the same moment, the higher one shows. New surveys take their place by trigger: cart abandonment, a click or custom event, exit intent, then time, scroll and page view.' }),
    h('table', { class: 'table' },
      h('thead', {}, h('tr', {}, ['Order', 'Survey', 'Status', 'Shown', 'Score', 'Responses'].map((t, i) =>
        h('th', { text: t, scope: 'col', class: [null, null, null, 'hide-narrow', 'num', 'num'][i] })), actionsHeader())),
      h('tbody', {}, rows)))
}

const TEMPLATE_ICONS = { nps: '0–10', csat: '1–5', ces: '1–7', cli: '3×', exit_intent: 'Exit', cart_abandonment: 'Cart' }

function templatePicker(site, templates, open) {
  const cards = templates.map(t => h('button', {
    type: 'button', class: 'template',
    on: { click: () => create(site, t) }
  }, h('span', { class: 'template-icon', 'aria-hidden': 'true', text: TEMPLATE_ICONS[t.id] || '?' }),
  h('span', { class: 'template-name', text: t.name }),
  h('span', { class: 'template-desc', text: t.description }),
  h('span', { class: 'template-trigger', text: TRIGGER_LABELS[t.trigger] })))
  return h('details', { class: 'card new-survey', open },
    h('summary', { text: 'New survey from a template' }),
    h('p', { class: 'muted', text: 'It starts as a draft: nobody sees it until you publish it.' }),
    h('div', { class: 'templates' }, cards))
}

/** Name the new survey first (prefilled with the template's name), then create the draft; cancelling creates nothing. */
async function create(site, template) {
  const name = await promptDialog({
    title: `New survey: ${template.name}`, message: 'It starts as a draft: nobody sees it until you publish it.',
    label: 'Survey name', value: template.name, confirm: 'Create draft', maxlength: 120
  })
  if (name === null) return
  try {
    const survey = await api(`/sites/${site.id}/surveys/from-template`, { method: 'POST', body: { template: template.id, name } })
    toast(`Draft “${survey.name}” created.`)
    navigate(`#/surveys/${survey.id}`)
  } catch (err) {
    toast(err.message, 'error')
  }
}
