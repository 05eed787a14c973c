// Where the snippet runs: the page origins that asked for the site's config, and those refused lately,
// each refused one with an "Allow" button that adds its domain to the site's allowed domains.

import { api } from '../api.js'
import { h, replace } from '../dom.js'
import { dateTime } from '../format.js'
import { allowDomain } from './allow-domain.js'

const hostOf = origin => { try { return new URL(origin).hostname } catch (e) { return '' } }

/** The card's section; fills itself in once the list arrives. `canAllow`: the viewer is an admin. */
export function originSightings(site, canAllow) {
  const body = h('div', { class: 'sightings' }, h('p', { class: 'muted', text: 'Loading where the snippet was seen…' }))
  api(`/sites/${site.id}/origins`).then(({ seen, refused }) => {
    const row = (item, action) => h('li', {},
      h('code', { text: item.origin }), h('span', { class: 'muted', text: ` last ${dateTime(item.last_seen_at)}` }), action)
    replace(body,
      h('h3', { text: 'Seen on' }),
      seen.length ? h('ul', { class: 'plain-list' }, seen.map(item => row(item)))
        : h('p', { class: 'muted', text: 'No page has loaded surveys yet. Once the snippet is on an allowed domain, its pages appear here.' }),
      refused.length > 0 && h('h3', { text: 'Refused in the last 7 days' }),
      refused.length > 0 && h('p', { class: 'hint', text: 'These pages run the snippet but are not on an allowed domain, so they get no surveys.' }),
      refused.length > 0 && h('ul', { class: 'plain-list' }, refused.map(item => row(item, canAllow &&
        h('button', { type: 'button', class: 'btn small', text: `Allow ${hostOf(item.origin)}`, on: { click: () => allowDomain(site, hostOf(item.origin)) } })))))
  }, err => replace(body, h('p', { class: 'muted', text: `Could not load where the snippet was seen: ${err.message}` })))
  return body
}
