// The list of sites, and creating one.

import { api } from '../api.js'
import { emptyState, field, h, replace, toast } from '../dom.js'
import { navigate } from '../router.js'
import { isAdmin } from '../session.js'
import { showErrors } from '../components/form-errors.js'

export async function sitesView(main) {
  const sites = await api('/sites')
  const list = sites.length
    ? h('div', { class: 'cards' }, sites.map(siteCard))
    : emptyState('No sites yet', isAdmin()
      ? 'A site is one website that shows your surveys. Create it, paste its snippet into your pages, and build your first survey.'
      : 'An admin has not created a site yet.')
  replace(main, h('div', { class: 'page' },
    h('div', { class: 'page-head' }, h('div', {}, h('h1', { text: 'Sites' }),
      h('p', { class: 'muted', text: 'Each site has its own snippet, surveys and results.' }))),
    list,
    isAdmin() && newSiteForm(sites.length === 0)))
}

function siteCard(site) {
  return h('a', { class: 'card site-card', href: `#/sites/${site.id}` },
    h('h2', { text: site.name }),
    h('p', { class: 'muted', text: site.allowed_domains.length ? site.allowed_domains.join(', ') : 'No domains allowed yet' }),
    h('p', { class: 'meta' },
      h('span', { text: `${site.survey_count} ${site.survey_count === 1 ? 'survey' : 'surveys'}` }),
      h('span', { class: 'mono', text: `key ${site.key}` })))
}

/** A new site counts its days in the browser's time zone; one the server does not know leaves it in UTC. */
async function createSite(body) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
  try {
    return await api('/sites', { method: 'POST', body: zone ? { ...body, time_zone: zone } : body })
  } catch (err) {
    if (err.status === 422 && err.errors.time_zone && Object.keys(err.errors).length === 1) return api('/sites', { method: 'POST', body })
    throw err
  }
}

function newSiteForm(first) {
  const name = h('input', { type: 'text', maxlength: 120, placeholder: 'My shop', required: true })
  const domains = h('input', { type: 'text', placeholder: 'shop.example, *.shop.example' })
  const form = h('form', { class: 'card form-card', novalidate: true },
    h('h2', { text: first ? 'Create your first site' : 'Add a site' }),
    h('div', { class: 'grid-2' },
      field('Name', name, { name: 'name', hint: 'For you only: visitors never see it.' }),
      field('Domains', domains, { name: 'allowed_domains', hint: 'Where the snippet may run, separated by commas. *.shop.example covers every subdomain.' })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary', text: 'Create site' })))
  form.addEventListener('submit', async e => {
    e.preventDefault()
    const body = { name: name.value.trim(), allowed_domains: domains.value.split(/[\s,]+/).filter(Boolean) }
    try {
      const site = await createSite(body)
      toast(`Site “${site.name}” created. Paste its snippet into your pages.`)
      navigate(`#/sites/${site.id}/settings`)
    } catch (err) {
      showErrors(form, err)
    }
  })
  return form
}
