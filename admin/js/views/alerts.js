// A site's e-mail alerts: the rules, the scheduled digest, and the newest e-mails with their status.

import { api } from '../api.js'
import { confirmDialog, emptyState, field, h, replace, select, toast } from '../dom.js'
import { navigate } from '../router.js'
import { isAdmin } from '../session.js'
import { CATEGORY_LABELS, dateTime } from '../format.js'
import { alertRuleForm, splitList } from '../components/alert-rule-form.js'
import { clearErrors, showErrors } from '../components/form-errors.js'

const FREQUENCIES = [['off', 'Off'], ['daily', 'Daily (the day before)'], ['weekly', 'Weekly (Monday, the week before)']]
const MAIL_STATUS = {
  pending: ['Queued', 'status-draft'], sent: ['Sent', 'status-active'], failed: ['Retrying', 'status-paused'],
  gave_up: ['Gave up', 'status-failed'], mail_off: ['Not sent: e-mail is off', 'status-draft']
}
const MAIL_KIND = { alert: 'Alert', endpoint_disabled: 'Endpoint disabled', digest: 'Digest' }

export async function alertsTab(body, site) {
  const [overview, surveys] = await Promise.all([api(`/sites/${site.id}/alerts`), api(`/sites/${site.id}/surveys`)])
  const reload = () => navigate(`#/sites/${site.id}/alerts`)
  const addSlot = h('div', {})
  const addButton = isAdmin() && h('button', {
    type: 'button', class: 'btn primary', text: 'Add alert rule',
    on: {
      click: () => {
        addButton.hidden = true
        replace(addSlot, alertRuleForm(site, surveys, null, () => { toast('Alert rule added.'); alertsTab(body, site) },
          () => { replace(addSlot); addButton.hidden = false }))
        addSlot.querySelector('input')?.focus()
      }
    }
  })
  replace(body,
    !overview.mail_enabled && h('div', { class: 'notice error mail-off', role: 'status' },
      h('p', {}, h('code', { text: 'MAIL_SERVER' }), ' is not set: alerts are recorded but not sent.'),
      h('p', { text: 'Set MAIL_SERVER (and MAIL_PORT, MAIL_USERNAME, MAIL_PASSWORD) where the server and the worker run, then restart them.' })),
    h('section', { class: 'card' },
      h('div', { class: 'card-head' }, h('h2', { text: 'E-mail alerts' }), addButton),
      h('p', { class: 'muted', text: 'E-mail someone when an answer needs action: a detractor, a low score, a word in the comment, or a recovery form. The worker sends each alert once, with the score, the comment, the page, the device, and the customer’s address only when they agreed to be contacted.' }),
      !overview.rules.length && emptyState('No alert rules yet', isAdmin() ? 'Add one: for example every detractor at checkout, to your support address.' : 'An admin has not added one yet.')),
    addSlot,
    overview.rules.map(rule => ruleCard(site, surveys, rule, reload)),
    digestCard(site, overview.digest),
    recentCard(overview.recent))
}

const EVERY = { answer: 'Every completed answer', recovery: 'Every recovery form a detractor sends' }
const ONLY = { answer: 'Completed answers', recovery: 'Recovery forms' }

function conditionsText(rule, surveys) {
  const parts = []
  if (rule.survey_id != null) parts.push(`survey “${surveys.find(s => s.id === rule.survey_id)?.name || rule.survey_id}”`)
  if (rule.touchpoint) parts.push(`touchpoint “${rule.touchpoint}”`)
  if (rule.category) parts.push(`${CATEGORY_LABELS[rule.category].toLowerCase()}s`)
  if (rule.max_score != null) parts.push(`score at most ${rule.max_score}`)
  if (rule.words.length) parts.push(`a comment with ${rule.words.map(w => `“${w}”`).join(' or ')}`)
  return parts.length ? `${ONLY[rule.trigger]}: only ${parts.join(', ')}.` : `${EVERY[rule.trigger]}.`
}

function ruleCard(site, surveys, rule, reload) {
  const card = h('section', { class: `card alert-rule${rule.enabled ? '' : ' is-disabled'}`, dataset: { rule: rule.id } })
  const act = (label, fn, cls = 'btn small') => h('button', { type: 'button', class: cls, text: label, on: { click: fn } })
  const run = async (fn, done) => {
    try { await fn(); toast(done); reload() } catch (err) { toast(err.message, 'error') }
  }
  const actions = isAdmin() && h('div', { class: 'actions left endpoint-actions' },
    act('Edit', () => replace(card, alertRuleForm(site, surveys, rule, () => { toast('Alert rule saved.'); reload() }, reload))),
    act(rule.enabled ? 'Turn off' : 'Turn on', () => run(() => api(`/alerts/${rule.id}`, { method: 'PATCH', body: { enabled: !rule.enabled } }),
      rule.enabled ? 'Alert rule turned off.' : 'Alert rule turned on.')),
    act('Delete…', async () => {
      const ok = await confirmDialog({ title: 'Delete this alert rule?', message: [`“${rule.name}” stops sending e-mails. E-mails it sent stay listed below.`], confirm: 'Delete rule', danger: true })
      if (ok) run(() => api(`/alerts/${rule.id}`, { method: 'DELETE' }), 'Alert rule deleted.')
    }, 'btn small danger'))
  return replace(card,
    h('div', { class: 'card-head' },
      h('h2', { class: 'endpoint-url', text: rule.name }),
      h('span', { class: `chip ${rule.enabled ? 'status-active' : 'status-draft'}`, text: rule.enabled ? 'On' : 'Off' })),
    h('p', { text: conditionsText(rule, surveys) }),
    h('p', { class: 'muted alert-recipients', text: `To ${rule.recipients.join(', ')}` }),
    actions)
}

function digestCard(site, digest) {
  let frequency = digest.frequency
  const title = h('h2', { id: 'digest-title', text: 'Digest' })
  const help = h('p', { class: 'muted', text: 'A scheduled e-mail with the score and trend of every touchpoint and the new detractor comments.' })
  if (!isAdmin()) {
    return h('section', { class: 'card', 'aria-labelledby': 'digest-title' }, title, help,
      h('p', { text: frequency === 'off' ? 'Off.' : `${FREQUENCIES.find(([v]) => v === frequency)[1]}, to ${digest.recipients.join(', ')}.` }))
  }
  const choice = select(FREQUENCIES, frequency, v => { frequency = v })
  const recipients = h('textarea', { rows: 2, text: digest.recipients.join('\n'), placeholder: 'team@shop.example', autocomplete: 'off' })
  const form = h('form', { class: 'card form-card digest-form', novalidate: true, 'aria-labelledby': 'digest-title' }, title, help,
    h('div', { class: 'grid-2' },
      field('How often', choice, { name: 'frequency', hint: 'Sent soon after midnight in the site\'s time zone (Settings).' }),
      field('Send the digest to', recipients, { name: 'recipients', hint: 'One address per line or separated by commas.' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', text: 'Save digest' })))
  form.addEventListener('submit', async e => {
    e.preventDefault()
    clearErrors(form)
    try {
      await api(`/sites/${site.id}/digest`, { method: 'PUT', body: { frequency, recipients: splitList(recipients.value) } })
      toast('Digest saved.')
    } catch (err) { showErrors(form, err) }
  })
  return form
}

function recentCard(recent) {
  return h('section', { class: 'card', 'aria-labelledby': 'recent-title' },
    h('h2', { id: 'recent-title', text: 'Latest e-mails' }),
    recent.length
      ? h('div', { class: 'table-wrap' }, h('table', { class: 'table compact log-table mail-log' },
          h('caption', { class: 'sr-only', text: 'The newest e-mails of this site' }),
          h('thead', {}, h('tr', {}, ['Time', 'Kind', 'Subject', 'To', 'Status'].map(t => h('th', { scope: 'col', text: t })))),
          h('tbody', {}, recent.map(mail => {
            const [text, cls] = MAIL_STATUS[mail.status] || [mail.status, '']
            return h('tr', { dataset: { mail: mail.id } },
              h('td', { class: 'nowrap', 'data-label': 'Time', text: dateTime(mail.created_at) }),
              h('td', { 'data-label': 'Kind', text: MAIL_KIND[mail.kind] || mail.kind }),
              h('td', { class: 'excerpt', 'data-label': 'Subject', text: mail.subject }),
              h('td', { class: 'mail-to', 'data-label': 'To', text: mail.recipients.join(', ') }),
              h('td', { 'data-label': 'Status' }, h('span', { class: `chip ${cls}`, text }),
                mail.status === 'failed' && mail.last_error && h('span', { class: 'muted small', text: ` ${mail.last_error.slice(0, 120)}` })))
          }))))
      : emptyState('Nothing sent yet', 'Alerts, digests and notices appear here as the worker records them.'))
}
