// The case inbox: the views mine, unassigned, overdue and all as tabs, filters by site, touchpoint and status.

import { api } from '../api.js'
import { emptyState, field, h, replace, select } from '../dom.js'
import { CASE_STATUS_LABELS, CATEGORY_LABELS, dateTime, label } from '../format.js'

const VIEWS = [['mine', 'Mine'], ['unassigned', 'Unassigned'], ['overdue', 'Overdue'], ['all', 'All']]
const EMPTY = {
  mine: ['Nothing for you', 'Cases of the touchpoints you own come here, and those given to you.'],
  unassigned: ['Nobody’s cases: none', 'Cases of touchpoints without an owner wait here.'],
  overdue: ['Nothing overdue', 'A case past its time to first action or to resolve shows here.'],
  all: ['No cases yet', 'A case opens when an answer matches a site’s case rule: turn it on in the site’s Settings.']
}
const FILTERS_KEY = 'touchpoint.inbox-filters'

export async function inboxView(main, view = 'mine') {
  const [sites, counts] = await Promise.all([api('/sites'), api('/cases/counts')])
  const state = { site_id: '', touchpoint: '', status: '', page: 1, ...JSON.parse(sessionStorage.getItem(FILTERS_KEY) || '{}') }
  const list = h('div', { class: 'case-list' })
  const touchpoints = h('input', { type: 'text', maxlength: 80, value: state.touchpoint, placeholder: 'Any' })
  touchpoints.addEventListener('change', () => { state.touchpoint = touchpoints.value.trim(); state.page = 1; load() })

  async function load() {
    sessionStorage.setItem(FILTERS_KEY, JSON.stringify({ ...state, page: 1 }))
    const page = await api('/cases', { query: { view, site_id: state.site_id, touchpoint: state.touchpoint, status: state.status, page: state.page } })
    replace(list, page.items.length ? caseTable(page.items) : emptyState(...EMPTY[view]), pager(page))
  }

  function pager(page) {
    if (page.pages <= 1) return null
    const go = n => () => { state.page = n; load() }
    return h('div', { class: 'pager' },
      h('button', { type: 'button', class: 'btn small', text: 'Newer', disabled: page.page <= 1, on: { click: go(page.page - 1) } }),
      h('span', { class: 'muted', text: `Page ${page.page} of ${page.pages}` }),
      h('button', { type: 'button', class: 'btn small', text: 'Older', disabled: page.page >= page.pages, on: { click: go(page.page + 1) } }))
  }

  const change = key => value => { state[key] = value; state.page = 1; load() }
  replace(main, h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('div', {}, h('h1', { text: 'Inbox' }),
      h('p', { class: 'muted', text: 'Customers whose answer needs a follow-up. Open a case to read it, write a note, reply and resolve it.' }))),
    h('nav', { class: 'tabs', 'aria-label': 'Case views' }, VIEWS.map(([id, text]) => h('a', {
      href: `#/inbox/${id}`, class: id === view ? 'active' : null, 'aria-current': id === view ? 'page' : null
    }, text, id !== 'all' || counts.all ? h('span', { class: 'tab-count', text: String(counts[id]) }) : null,
    h('span', { class: 'sr-only', text: id === 'all' ? ' unresolved' : ' open' })))),
    h('div', { class: 'card filters' },
      field('Site', select([['', 'All sites'], ...sites.map(s => [String(s.id), s.name])], state.site_id, change('site_id')), { name: 'site_id' }),
      field('Touchpoint', touchpoints, { name: 'touchpoint' }),
      field('Status', select([['', 'Any status'], ...Object.entries(CASE_STATUS_LABELS)], state.status, change('status')), { name: 'status' })),
    list))
  await load()
}

function caseTable(items) {
  return h('div', { class: 'table-wrap card' }, h('table', { class: 'table cases' },
    h('thead', {}, h('tr', {}, ['Case', 'Answer', 'Touchpoint', 'Status', 'Owner', 'Opened'].map(t => h('th', { scope: 'col', text: t })))),
    h('tbody', {}, items.map(c => h('tr', { class: c.overdue ? 'overdue' : null },
      h('td', {}, h('a', { class: 'strong', href: `#/cases/${c.id}`, text: `#${c.id}` }),
        c.overdue && h('span', { class: 'chip case-overdue', text: 'Overdue' })),
      h('td', { class: 'case-answer', 'data-label': 'Answer' }, h('span', { class: `chip answer-${c.category || 'none'}`, text: c.score == null ? 'No score' : `${c.score} · ${label(CATEGORY_LABELS, c.category)}` }),
        c.comment && h('span', { class: 'case-comment', text: c.comment })),
      h('td', { 'data-label': 'Touchpoint' }, h('span', { text: c.touchpoint || '—' }), h('span', { class: 'muted block', text: c.site_name })),
      h('td', { 'data-label': 'Status' }, h('span', { class: `chip case-${c.status}`, text: label(CASE_STATUS_LABELS, c.status) })),
      h('td', { 'data-label': 'Owner', class: 'case-owner', text: c.owner_email || 'Unassigned' }),
      h('td', { 'data-label': 'Opened', text: dateTime(c.opened_at) }))))))
}
