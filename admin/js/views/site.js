// One site: its tabs (surveys, touchpoint map, rule tester, settings and snippet, webhooks, alerts).

import { api } from '../api.js'
import { h, replace } from '../dom.js'
import { surveysTab } from './surveys.js'
import { mapTab } from './map.js'
import { rulesTab } from './rules.js'
import { settingsTab } from './site-settings.js'
import { disabledBanner, webhooksTab } from './webhooks.js'
import { alertsTab } from './alerts.js'

const TABS = [['surveys', 'Surveys'], ['map', 'Touchpoint map'], ['rules', 'Rule tester'], ['settings', 'Settings & snippet'], ['webhooks', 'Webhooks'], ['alerts', 'Alerts']]
const RENDER = { surveys: surveysTab, map: mapTab, rules: rulesTab, settings: settingsTab, webhooks: webhooksTab, alerts: alertsTab }

export async function siteView(main, siteId, tab = 'surveys') {
  // the endpoints too: a disabled one puts a banner on every page of the site
  const [site, endpoints] = await Promise.all([api(`/sites/${siteId}`), api(`/sites/${siteId}/webhooks`)])
  const body = h('section', { class: 'tab-body', id: 'tab-body', role: 'tabpanel' })
  replace(main, h('div', { class: tab === 'map' ? 'page wide' : 'page' },
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('a', { href: '#/sites', text: 'Sites' }), h('span', { text: site.name })),
    h('div', { class: 'page-head' }, h('div', {},
      h('h1', { text: site.name }),
      h('p', { class: 'muted' }, site.allowed_domains.length ? `Runs on ${site.allowed_domains.join(', ')}` : 'No domains allowed yet: ',
        !site.allowed_domains.length && h('a', { href: `#/sites/${site.id}/settings`, text: 'add your domain' })))),
    disabledBanner(site, endpoints),
    h('div', { class: 'tabs', role: 'tablist' }, TABS.map(([id, label]) => h('a', {
      href: `#/sites/${site.id}/${id}`, role: 'tab', text: label, 'aria-selected': String(id === tab), class: id === tab ? 'active' : null
    }))),
    body))
  return RENDER[tab](body, site)
}
