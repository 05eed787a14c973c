// One case: the answer and the recovery message, the owner and deadlines, notes, the reply form, the timeline
// and the actions. Viewers read it; admins and agents act on it.

import { api } from '../api.js'
import { field, h, replace, select, toast } from '../dom.js'
import { navigate } from '../router.js'
import { actsOnCases } from '../session.js'
import { CASE_STATUS_LABELS, RESOLUTION_LABELS, dateTime, label } from '../format.js'
import { responseItem } from '../components/response-list.js'
import { showErrors } from '../components/form-errors.js'

const ENTRY_TEXT = {
  opened: 'Case opened', recovery: 'The customer told us what went wrong', assigned: 'Assigned', started: 'Started working',
  note: 'Note', reply: 'Replied by e-mail', resolved: 'Resolved', reopened: 'Reopened', overdue: 'Overdue'
}
const MISSED = { first_action: 'time to first action', resolve: 'time to resolve' }

export async function caseView(main, caseId) {
  const item = await api(`/cases/${caseId}`)
  const [survey, users] = await Promise.all([api(`/surveys/${item.survey_id}`), actsOnCases() ? api('/users') : []])
  const texts = survey.texts[survey.default_locale] || {}
  const reload = () => navigate(`#/cases/${item.id}`)
  const act = async (path, body, done) => {
    try {
      await api(`/cases/${item.id}/${path}`, { method: 'POST', body })
      toast(done)
      reload()
    } catch (err) { toast(err.message, 'error') }
  }
  replace(main, h('div', { class: 'page case-page' },
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/inbox', text: 'Inbox' }), h('span', { text: `Case #${item.id}` })),
    h('div', { class: 'page-head' }, h('div', {},
      h('h1', {}, `Case #${item.id} `, h('span', { class: `chip case-${item.status}`, text: label(CASE_STATUS_LABELS, item.status) }),
        item.overdue && h('span', { class: 'chip case-overdue', text: 'Overdue' })),
      h('p', { class: 'muted' }, `${item.site_name} · ${item.touchpoint || 'no touchpoint'} · `,
        h('a', { href: `#/surveys/${item.survey_id}/results`, text: item.survey_name })))),
    h('div', { class: 'case-grid' },
      h('div', { class: 'case-main' },
        h('section', { class: 'card', 'aria-labelledby': 'answer-title' }, h('h2', { id: 'answer-title', text: 'The answer' }),
          responseItem(item.response, survey, key => texts[key])),
        actsOnCases() && noteForm(item, reload),
        actsOnCases() && replyForm(item, reload),
        timeline(item)),
      h('aside', { class: 'case-side' },
        facts(item),
        actsOnCases() && actions(item, users, act)))))
}

function facts(item) {
  const row = (term, value) => [h('dt', { text: term }), h('dd', {}, value)]
  return h('section', { class: 'card', 'aria-labelledby': 'facts-title' }, h('h2', { id: 'facts-title', text: 'Details' }),
    h('dl', { class: 'facts' },
      row('Owner', item.owner_email || 'Unassigned'),
      row('Opened', dateTime(item.opened_at)),
      row('First action', item.first_action_at ? dateTime(item.first_action_at) : `due ${dateTime(item.first_action_due)}`),
      row(item.resolved_at ? 'Resolved' : 'Resolve by', dateTime(item.resolved_at || item.resolve_due)),
      item.resolution && row('Resolution', label(RESOLUTION_LABELS, item.resolution))))
}

function actions(item, users, act) {
  const owners = users.filter(u => u.role !== 'viewer')
  const owner = select([['', 'Nobody'], ...owners.map(u => [String(u.id), u.email])], item.owner_id ? String(item.owner_id) : '', () => {})
  const resolution = select([['', 'Choose…'], ...Object.entries(RESOLUTION_LABELS)], '', () => {})
  const resolveForm = h('form', { class: 'stack', novalidate: true },
    field('Resolution', resolution, { name: 'resolution' }),
    h('button', { type: 'submit', class: 'btn primary', text: 'Resolve' }))
  resolveForm.addEventListener('submit', async e => {
    e.preventDefault()
    if (!resolution.value) return showErrors(resolveForm, { errors: { resolution: ['Choose how the case was resolved.'] } })
    act('resolve', { resolution: resolution.value }, `Case #${item.id} resolved.`)
  })
  const assignForm = h('form', { class: 'stack', novalidate: true }, field('Owner', owner, { name: 'owner_id' }),
    h('button', { type: 'submit', class: 'btn', text: 'Assign' }))
  assignForm.addEventListener('submit', e => {
    e.preventDefault()
    act('assign', { owner_id: owner.value ? Number(owner.value) : null }, owner.value ? 'Case assigned.' : 'Case unassigned.')
  })
  return h('section', { class: 'card', 'aria-labelledby': 'actions-title' }, h('h2', { id: 'actions-title', text: 'Actions' }),
    assignForm,
    item.status === 'open' && h('button', { type: 'button', class: 'btn', text: 'Start working', on: { click: () => act('start', undefined, 'Case in progress.') } }),
    item.status !== 'resolved' ? resolveForm
      : h('button', { type: 'button', class: 'btn', text: 'Reopen', on: { click: () => act('reopen', undefined, 'Case reopened.') } }))
}

function noteForm(item, reload) {
  const text = h('textarea', { rows: 3, maxlength: 5000 })
  const form = h('form', { class: 'card', novalidate: true }, h('h2', { text: 'Add a note' }),
    field('Note (only your team sees it)', text, { name: 'text' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', text: 'Add note' })))
  form.addEventListener('submit', async e => {
    e.preventDefault()
    try {
      await api(`/cases/${item.id}/notes`, { method: 'POST', body: { text: text.value.trim() } })
      toast('Note added.')
      reload()
    } catch (err) { showErrors(form, err) }
  })
  return form
}

function replyForm(item, reload) {
  const email = item.response.recovery?.contact_consent && item.response.recovery.email
  if (!item.can_reply) {
    return h('section', { class: 'card' }, h('h2', { text: 'Reply' }), h('p', { class: 'muted', text: item.reply_blocked_reason }))
  }
  const subject = h('input', { type: 'text', maxlength: 200, placeholder: `Your feedback to ${item.site_name}` })
  const text = h('textarea', { rows: 5, maxlength: 20000 })
  const form = h('form', { class: 'card', novalidate: true }, h('h2', { text: `Reply to ${email}` }),
    field('Subject', subject, { name: 'subject' }), field('Message', text, { name: 'text', hint: 'Sent by e-mail; their answer comes back to you.' }),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', text: 'Send reply' })))
  form.addEventListener('submit', async e => {
    e.preventDefault()
    try {
      await api(`/cases/${item.id}/reply`, { method: 'POST', body: { subject: subject.value.trim(), text: text.value.trim() } })
      toast(`Reply sent to ${email}.`)
      reload()
    } catch (err) { showErrors(form, err) }
  })
  return form
}

function entryDetail(entry) {
  if (entry.kind === 'assigned') return entry.data.owner_email ? `to ${entry.data.owner_email}` : 'to nobody'
  if (entry.kind === 'resolved') return label(RESOLUTION_LABELS, entry.data.resolution)
  if (entry.kind === 'reply') return `to ${entry.data.to}: ${entry.data.subject}`
  if (entry.kind === 'overdue') return `missed the ${(entry.data.missed || []).map(m => MISSED[m] || m).join(' and ')}`
  return ''
}

function timeline(item) {
  return h('section', { class: 'card', 'aria-labelledby': 'timeline-title' }, h('h2', { id: 'timeline-title', text: 'Timeline' }),
    h('ol', { class: 'timeline' }, item.timeline.map(entry => h('li', { class: `entry entry-${entry.kind}` },
      h('p', { class: 'entry-head' },
        h('strong', { text: ENTRY_TEXT[entry.kind] || entry.kind }), entryDetail(entry) && ` ${entryDetail(entry)}`,
        h('span', { class: 'muted' }, ' · ', entry.user_email || 'Touchpoint', ' · ', h('time', { datetime: entry.at, text: dateTime(entry.at) }))),
      entry.text && h('p', { class: 'entry-text', text: entry.text })))))
}
