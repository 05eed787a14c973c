// A site's case inbox settings: on or off, the case rule, the SLA, the default owner and each touchpoint's owner.

import { api } from '../api.js'
import { checkbox, field, h, replace, select, toast } from '../dom.js'
import { isAdmin } from '../session.js'
import { clearErrors, showErrors } from './form-errors.js'

const upTo = (max, none) => [['', none], ...Array.from({ length: max }, (_, i) => [String(i + 1), `${i + 1} or lower`])]

/** The card, filled in once its settings and the users are loaded. */
export function caseSettingsCard(site) {
  const card = h('form', { class: 'card', novalidate: true, 'aria-labelledby': 'case-settings-title' },
    h('h2', { id: 'case-settings-title', text: 'Case inbox' }), h('p', { class: 'loading', text: 'Loading…' }))
  Promise.all([api(`/sites/${site.id}/case-settings`), api('/users')])
    .then(([settings, users]) => fill(card, site, settings, users))
    .catch(err => replace(card, h('h2', { text: 'Case inbox' }), h('p', { class: 'notice error', text: err.message })))
  return card
}

function fill(card, site, settings, users) {
  const readonly = !isAdmin()
  const draft = { ...settings, case_rule: { ...settings.case_rule } }
  const owners = Object.fromEntries(settings.touchpoint_owners.map(o => [o.touchpoint, String(o.user_id)]))
  const people = [['', 'Nobody'], ...users.filter(u => u.role !== 'viewer').map(u => [String(u.id), u.email])]
  const number = (value, max) => h('input', { type: 'number', min: 1, max, value, disabled: readonly })
  const firstHours = number(settings.sla_first_action_hours, 2160)
  const resolveHours = number(settings.sla_resolve_hours, 8760)
  const rule = draft.case_rule
  replace(card,
    h('h2', { id: 'case-settings-title', text: 'Case inbox' }),
    h('p', { class: 'muted', text: 'An answer that matches the rule opens a case for a person to follow up. Turning it on makes the worker read this site’s answers.' }),
    checkbox('Open cases for this site', settings.cases_enabled, v => { draft.cases_enabled = v }, { name: 'cases_enabled', disabled: readonly }),
    h('fieldset', { class: 'plain', dataset: { field: 'case_rule' } }, h('legend', { class: 'label', text: 'Which answers open a case' }),
      checkbox('Every detractor', rule.detractors, v => { rule.detractors = v }, { name: 'case_rule.detractors', disabled: readonly }),
      h('div', { class: 'grid-2' },
        field('CSAT answers of', select(upTo(5, 'None'), rule.csat_max == null ? '' : String(rule.csat_max), v => { rule.csat_max = v ? Number(v) : null }, { disabled: readonly }), { name: 'case_rule.csat_max' }),
        field('CES answers of', select(upTo(7, 'None'), rule.ces_max == null ? '' : String(rule.ces_max), v => { rule.ces_max = v ? Number(v) : null }, { disabled: readonly }), { name: 'case_rule.ces_max' }))),
    h('div', { class: 'grid-2' },
      field('Hours to first action', firstHours, { name: 'sla_first_action_hours', hint: 'A status change, note, assignment or reply by a person.' }),
      field('Hours to resolve', resolveHours, { name: 'sla_resolve_hours', hint: 'An overdue case is flagged and its owner e-mailed once.' }),
      field('Default owner', select(people, settings.default_owner_id ? String(settings.default_owner_id) : '', v => { draft.default_owner_id = v ? Number(v) : null }, { disabled: readonly }),
        { name: 'default_owner_id', hint: 'Gets the cases of touchpoints nobody owns.' })),
    settings.touchpoints.length ? h('fieldset', { class: 'plain', dataset: { field: 'touchpoint_owners' } },
      h('legend', { class: 'label', text: 'Touchpoint owners' }),
      h('div', { class: 'grid-2' }, settings.touchpoints.map((tp, index) => field(tp,
        select(people, owners[tp] || '', v => { owners[tp] = v }, { disabled: readonly }), { name: `touchpoint_owners.${index}.user_id` }))))
      : h('p', { class: 'hint', text: 'Give your surveys a touchpoint name to route their cases to an owner.' }),
    !readonly && h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', text: 'Save case settings' })))
  card.onsubmit = async e => {
    e.preventDefault()
    clearErrors(card)
    const touchpointOwners = settings.touchpoints.filter(tp => owners[tp]).map(tp => ({ touchpoint: tp, user_id: Number(owners[tp]) }))
    const body = {
      cases_enabled: !!draft.cases_enabled, case_rule: rule, default_owner_id: draft.default_owner_id ?? null,
      sla_first_action_hours: Number(firstHours.value), sla_resolve_hours: Number(resolveHours.value), touchpoint_owners: touchpointOwners
    }
    try {
      await api(`/sites/${site.id}/case-settings`, { method: 'PATCH', body })
      toast('Case settings saved.')
    } catch (err) { showErrors(card, err) }
  }
}
