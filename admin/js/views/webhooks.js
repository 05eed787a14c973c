// A site's webhooks: endpoints with their state, the secret shown once, the actions, and each delivery log.

import { api } from '../api.js'
import { confirmDialog, copyButton, emptyState, h, replace, toast } from '../dom.js'
import { navigate } from '../router.js'
import { isAdmin } from '../session.js'
import { dateTime } from '../format.js'
import { EVENT_LABELS, endpointForm } from '../components/endpoint-form.js'
import { deliveryLog } from '../components/delivery-log.js'

/** The banner a site's pages show while one of its endpoints is disabled (null when none is). */
export function disabledBanner(site, endpoints) {
  const off = endpoints.filter(e => !e.enabled)
  if (!off.length) return null
  return h('div', { class: 'notice error webhook-banner', role: 'alert' },
    off.map(e => h('p', { text: `Webhook to ${e.url} is disabled: ${e.disabled_reason || 'no reason recorded.'}` })),
    h('p', {}, h('a', { href: `#/sites/${site.id}/webhooks`, text: 'Open the webhooks to fix and re-enable it' })))
}

export async function webhooksTab(body, site) {
  const [endpoints, surveys] = await Promise.all([api(`/sites/${site.id}/webhooks`), api(`/sites/${site.id}/surveys`)])
  const reload = () => navigate(`#/sites/${site.id}/webhooks`)
  const secretSlot = h('div', { class: 'secret-slot' })
  const showSecret = (endpoint, secret, what) => replace(secretSlot, secretBox(endpoint, secret, what))
  const addSlot = h('div', {})
  const addButton = isAdmin() && h('button', {
    type: 'button', class: 'btn primary', text: 'Add endpoint',
    on: {
      click: () => {
        addButton.hidden = true
        replace(addSlot, endpointForm(site, surveys, null, async created => {
          toast('Endpoint added.')
          await webhooksTab(body, site)
          if (created.secret) body.querySelector('.secret-slot').replaceChildren(secretBox(created, created.secret, 'created'))
          body.querySelector('.secret-slot .secret-box')?.focus()
        }, () => { replace(addSlot); addButton.hidden = false }))
        addSlot.querySelector('input')?.focus()
      }
    }
  })
  const cards = await Promise.all(endpoints.map(e => endpointCard(site, surveys, e, showSecret, reload)))
  replace(body,
    h('section', { class: 'card' },
      h('div', { class: 'card-head' }, h('h2', { text: 'Webhooks' }), addButton),
      h('p', { class: 'muted', text: 'Send every answer to your CRM, helpdesk or Slack as it arrives. Each event is signed (Standard Webhooks), retried for up to three days, and logged below.' }),
      !endpoints.length && emptyState('No endpoints yet', isAdmin() ? 'Add one: a URL of your system, or a Slack incoming-webhook URL.' : 'An admin has not added one yet.')),
    secretSlot, addSlot, cards)
}

function secretBox(endpoint, secret, what) {
  return h('section', { class: 'card secret-box', tabindex: -1, 'aria-labelledby': 'secret-title' },
    h('h2', { id: 'secret-title', text: what === 'created' ? 'Your signing secret' : 'Your new signing secret' }),
    h('p', { class: 'notice', text: 'Copy it now and store it in the receiving system: you will not see it again.' }),
    h('div', { class: 'code' },
      h('div', { class: 'code-head' }, h('span', { text: `Secret of ${endpoint.url}` }), copyButton(() => secret, 'Copy secret')),
      h('pre', { tabindex: 0 }, h('code', { class: 'secret', text: secret }))),
    what !== 'created' && h('p', { class: 'hint', text: 'For 24 hours deliveries carry signatures with both the old and the new secret, so you can switch without losing events.' }))
}

function filtersText(filters, surveys) {
  const parts = []
  if (filters.survey_id != null) parts.push(`survey “${surveys.find(s => s.id === filters.survey_id)?.name || filters.survey_id}”`)
  if (filters.touchpoint) parts.push(`touchpoint “${filters.touchpoint}”`)
  if (filters.category) parts.push(`${filters.category}s`)
  if (filters.max_score != null) parts.push(`score at most ${filters.max_score}`)
  return parts.length ? `Only ${parts.join(', ')}.` : 'Every answer.'
}

async function endpointCard(site, surveys, endpoint, showSecret, reload) {
  const log = deliveryLog(endpoint)
  await log.load(1)
  const act = (label, fn, cls = 'btn small') => h('button', { type: 'button', class: cls, text: label, on: { click: fn } })
  const run = async (fn, done) => {
    try { await fn(); toast(done) } catch (err) { toast(err.message, 'error') }
  }
  const card = h('section', { class: `card endpoint${endpoint.enabled ? '' : ' is-disabled'}`, dataset: { endpoint: endpoint.id } })
  const edit = () => replace(card, endpointForm(site, surveys, endpoint, () => { toast('Endpoint saved.'); reload() }, reload))
  const actions = isAdmin() && h('div', { class: 'actions left endpoint-actions' },
    act('Send test event', () => run(() => api(`/webhooks/${endpoint.id}/test`, { method: 'POST' }).then(() => setTimeout(() => log.load(1), 1500)),
      'Test event queued: it appears in the log below within seconds.')),
    act('Edit', edit),
    endpoint.kind === 'webhook' && act('Rotate secret', async () => {
      const ok = await confirmDialog({ title: 'Rotate the signing secret?', message: ['A new secret is made and shown once. The old one keeps signing for 24 hours.'], confirm: 'Rotate' })
      if (!ok) return
      try {
        const rotated = await api(`/webhooks/${endpoint.id}/rotate`, { method: 'POST' })
        showSecret(endpoint, rotated.secret, 'rotated')
        document.querySelector('.secret-slot .secret-box')?.focus()
      } catch (err) { toast(err.message, 'error') }
    }),
    endpoint.enabled
      ? act('Disable', () => run(() => api(`/webhooks/${endpoint.id}/disable`, { method: 'POST' }), 'Endpoint disabled.').then(reload))
      : act('Enable', () => run(() => api(`/webhooks/${endpoint.id}/enable`, { method: 'POST' }), 'Endpoint enabled: new events go to it again.').then(reload)),
    act('Delete…', async () => {
      const ok = await confirmDialog({ title: 'Delete this endpoint?', message: [`Nothing more is sent to ${endpoint.url}, and its delivery log is deleted.`], confirm: 'Delete endpoint', danger: true })
      if (ok) run(() => api(`/webhooks/${endpoint.id}`, { method: 'DELETE' }), 'Endpoint deleted.').then(reload)
    }, 'btn small danger'))
  replace(card,
    h('div', { class: 'card-head' },
      h('h2', { class: 'endpoint-url', text: endpoint.description || endpoint.url }),
      h('span', {},
        h('span', { class: 'kind', text: endpoint.kind === 'slack' ? 'Slack' : 'Webhook' }), ' ',
        h('span', { class: `chip ${endpoint.enabled ? 'status-active' : 'status-failed'}`, text: endpoint.enabled ? 'Enabled' : 'Disabled' }))),
    !endpoint.enabled && h('div', { class: 'notice error', role: 'status' },
      h('p', { text: `Disabled${endpoint.disabled_at ? ' on ' + dateTime(endpoint.disabled_at) : ''}: ${endpoint.disabled_reason || 'no reason recorded.'}` }),
      h('p', { text: 'Events are not sent to it meanwhile. Fix the receiver, then enable it again.' })),
    endpoint.description && h('p', { class: 'endpoint-target' }, h('code', { text: endpoint.url })),
    h('p', { class: 'muted', text: `${endpoint.events.map(e => EVENT_LABELS[e] || e).join(' · ')}. ${filtersText(endpoint.filters, surveys)}` }),
    actions,
    h('h3', { text: 'Delivery log' }),
    log.el)
  return card
}
