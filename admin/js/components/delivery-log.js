// An endpoint's delivery log: time, event, status, attempts, latency and the receiver's answer, a page at a time.

import { api } from '../api.js'
import { actionsHeader, emptyState, h, replace, toast } from '../dom.js'
import { isAdmin } from '../session.js'
import { dateTime } from '../format.js'

const PER_PAGE = 10
const STATUS_TEXT = { pending: 'Queued', succeeded: 'Delivered', failed: 'Retrying', gave_up: 'Gave up' }
const STATUS_CLASS = { pending: 'status-draft', succeeded: 'status-active', failed: 'status-paused', gave_up: 'status-failed' }

/** The log of one endpoint: { el, load } — load(page) fetches and draws that page. */
export function deliveryLog(endpoint) {
  const table = h('div', { class: 'delivery-log' })
  const pager = h('div', { class: 'pager' })
  let page = 1
  async function load(newPage = page) {
    page = newPage
    const body = await api(`/webhooks/${endpoint.id}/deliveries`, { query: { page, per_page: PER_PAGE } })
    replace(table, body.items.length ? logTable(endpoint, body.items, () => load(page))
      : emptyState('Nothing sent yet', 'Deliveries appear here as the worker sends them. Send a test event to try the endpoint.'))
    replace(pager, body.pages > 1 && [
      h('button', { type: 'button', class: 'btn small', text: '← Newer', disabled: page <= 1, on: { click: () => load(page - 1) } }),
      h('span', { class: 'muted', text: `Page ${page} of ${body.pages}` }),
      h('button', { type: 'button', class: 'btn small', text: 'Older →', disabled: page >= body.pages, on: { click: () => load(page + 1) } })])
  }
  return { el: h('div', {}, table, pager), load }
}

function logTable(endpoint, items, reload) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'table compact log-table' },
    h('caption', { class: 'sr-only', text: `Deliveries to ${endpoint.url}` }),
    h('thead', {}, h('tr', {}, ['Time', 'Event', 'Status', 'Attempts', 'Latency', 'Answer'].map(t => h('th', { scope: 'col', text: t })),
      isAdmin() && actionsHeader())),
    h('tbody', {}, items.map(item => row(endpoint, item, reload)))))
}

function row(endpoint, item, reload) {
  const last = item.attempts[item.attempts.length - 1]
  const answer = last ? (last.error || last.response_excerpt || '') : ''
  const replay = async () => {
    try {
      await api(`/webhooks/${endpoint.id}/deliveries/${item.id}/replay`, { method: 'POST' })
      toast('Queued again: the worker sends it within seconds.')
      reload()
    } catch (err) { toast(err.message, 'error') }
  }
  return h('tr', { dataset: { delivery: item.id } },
    h('td', { class: 'nowrap', 'data-label': 'Time', text: dateTime(item.created_at) }),
    h('td', { 'data-label': 'Event' }, h('code', { text: item.event_type })),
    h('td', { 'data-label': 'Status' }, h('span', { class: `chip ${STATUS_CLASS[item.status] || ''}`, text: STATUS_TEXT[item.status] || item.status }),
      item.last_status != null && h('span', { class: 'muted small nowrap', text: ` HTTP ${item.last_status}` })),
    h('td', { class: 'num', 'data-label': 'Attempts', text: String(item.attempt_count) }),
    h('td', { class: 'num', 'data-label': 'Latency', text: last ? `${last.latency_ms} ms` : '—' }),
    h('td', { class: 'excerpt', 'data-label': 'Answer' }, h('span', { text: answer.slice(0, 160) || '—', title: answer || null })),
    isAdmin() && h('td', { class: 'row-actions' },
      h('button', { type: 'button', class: 'btn small', text: 'Replay', 'aria-label': `Replay ${item.event_type} of ${dateTime(item.created_at)}`, on: { click: replay } })))
}
