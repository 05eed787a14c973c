// A site's settings, its snippet with the platform variants, its case inbox settings, and its privacy tools.

import { api, apiUrl } from '../api.js'
import { checkbox, codeBlock, confirmDialog, field, h, replace, toast } from '../dom.js'
import { navigate } from '../router.js'
import { isAdmin } from '../session.js'
import { count } from '../format.js'
import { clearErrors, showErrors } from '../components/form-errors.js'
import { installationCheck } from '../components/installation-check.js'
import { originSightings } from '../components/origin-sightings.js'
import { caseSettingsCard } from '../components/case-settings.js'

export function settingsTab(body, site) {
  replace(body, snippetCard(site), settingsForm(site), caseSettingsCard(site), isAdmin() && privacyCard(site))
}

function snippetCard(site) {
  const panels = h('div', { class: 'platform' })
  // the HTML folder's pages are examples of the snippet in use: shown folded under "Any website"
  const html = (site.snippets.find(p => p.platform === 'html')?.files || []).map(f => ({ ...f, example: true }))
  const platforms = [{ platform: 'snippet', label: 'Any website', files: [{ name: 'Paste before </head> on every page', content: site.snippet }, ...html] },
    ...site.snippets.filter(p => p.platform !== 'html')]
  const tabs = h('div', { class: 'subtabs', role: 'tablist', 'aria-label': 'Platform' })
  const show = index => {
    tabs.querySelectorAll('button').forEach((b, i) => b.setAttribute('aria-selected', String(i === index)))
    const p = platforms[index]
    replace(panels, p.files.map(f => {
      if (f.name.toLowerCase().endsWith('.md')) {
        return h('details', { class: 'readme' }, h('summary', { text: `How to install (${f.name})` }), h('pre', { class: 'prose' }, f.content))
      }
      if (f.example || f.name.toLowerCase().startsWith('example')) {
        return h('details', { class: 'readme' }, h('summary', { text: `Example page (${f.name})` }), codeBlock(f.content, f.name))
      }
      return codeBlock(f.content, f.name)
    }))
  }
  platforms.forEach((p, i) => tabs.append(h('button', { type: 'button', role: 'tab', text: p.label, on: { click: () => show(i) } })))
  show(0)
  return h('section', { class: 'card' },
    h('h2', { text: 'Install the snippet' }),
    h('p', { class: 'muted', text: 'Copy it once into your pages: surveys you publish later appear without touching the site again.' }),
    tabs, panels,
    h('p', { class: 'hint' }, 'Site key ', h('code', { text: site.key }), '. The snippet only works on the domains below.'),
    isAdmin() && installationCheck(site),
    originSightings(site, isAdmin()))
}

function settingsForm(site) {
  const draft = { ...site }
  const readonly = !isAdmin()
  const name = h('input', { type: 'text', value: site.name, maxlength: 120, disabled: readonly })
  const domains = h('textarea', { rows: 3, disabled: readonly, placeholder: 'shop.example\n*.shop.example' })
  domains.value = site.allowed_domains.join('\n')
  const cooldown = h('input', { type: 'number', min: 0, max: 365, value: site.cooldown_days, disabled: readonly })
  const zones = ['UTC', ...(Intl.supportedValuesOf?.('timeZone') || [])]
  const timeZone = h('input', { type: 'text', value: site.time_zone, list: 'time-zones', autocomplete: 'off', spellcheck: 'false', disabled: readonly })
  const zoneList = h('datalist', { id: 'time-zones' }, [...new Set(zones)].map(zone => h('option', { value: zone })))
  const ipModes = [['truncate', 'Shorten it (last part removed)'], ['hash', 'Hash it with a daily key'], ['none', 'Do not store it']]
  const ip = h('fieldset', { class: 'radios', dataset: { field: 'ip_mode' } }, h('legend', { text: 'Visitor IP address' }),
    ipModes.map(([value, text]) => h('label', { class: 'check' },
      h('input', { type: 'radio', name: 'ip_mode', value, checked: site.ip_mode === value, disabled: readonly,
        on: { change: () => { draft.ip_mode = value } } }), h('span', { text }))))
  const save = h('button', { type: 'submit', class: 'btn primary', text: 'Save settings' })
  const form = h('form', { class: 'card', novalidate: true },
    h('h2', { text: 'Settings' }),
    h('div', { class: 'grid-2' },
      field('Site name', name, { name: 'name' }),
      field('Days between two surveys', cooldown, { name: 'cooldown_days', hint: 'A visitor sees at most one survey of this site in this many days (0 = no pause).' }),
      field('Time zone', timeZone,
        { name: 'time_zone', hint: `Results, filters, trends and digests count days in it. Your browser is in ${Intl.DateTimeFormat().resolvedOptions().timeZone}.` }),
      field('Allowed domains', domains, { name: 'allowed_domains', hint: 'One per line. shop.example also allows www.shop.example; *.shop.example allows every subdomain.' }),
      h('div', { class: 'field' }, h('span', { class: 'label', text: 'Privacy signals' }),
        checkbox('Respect Global Privacy Control (no survey for those visitors)', site.honor_gpc, v => { draft.honor_gpc = v }, { name: 'honor_gpc', disabled: readonly }),
        checkbox('Respect Do Not Track', site.honor_dnt, v => { draft.honor_dnt = v }, { name: 'honor_dnt', disabled: readonly }))),
    zoneList,
    ip,
    h('div', { class: 'field' }, h('span', { class: 'label', text: 'Returning customers' }),
      checkbox('Recognise a returning browser', site.link_answers, v => { draft.link_answers = v }, { name: 'link_answers', disabled: readonly }),
      h('p', { class: 'hint', text: 'Stores a pseudonymous key of the browser with each answer (never its id, and never matchable across sites), so the case inbox\'s recovery rate sees a customer answer again. Off: only customers who left their e-mail are recognised.' })),
    !readonly && h('div', { class: 'actions' }, save))
  form.addEventListener('submit', async e => {
    e.preventDefault()
    clearErrors(form)
    const body = {
      name: name.value.trim(), allowed_domains: domains.value.split(/[\s,]+/).filter(Boolean),
      cooldown_days: Number(cooldown.value), honor_gpc: !!draft.honor_gpc, honor_dnt: !!draft.honor_dnt, ip_mode: draft.ip_mode,
      link_answers: !!draft.link_answers, time_zone: timeZone.value.trim()
    }
    try {
      await api(`/sites/${site.id}`, { method: 'PATCH', body })
      toast('Settings saved. Live pages pick them up within a minute.')
      navigate(`#/sites/${site.id}/settings`)
    } catch (err) {
      showErrors(form, err)
    }
  })
  return form
}

function privacyCard(site) {
  const erase = async () => {
    const ok = await confirmDialog({
      title: 'Delete all responses of this site?',
      message: ['Every response, comment, recovery answer and display count of every survey of this site is deleted for good.',
        'The surveys themselves stay. Export first if you need a copy.'],
      confirm: 'Delete all responses', danger: true, typed: site.name
    })
    if (!ok) return
    try {
      const done = await api(`/sites/${site.id}/responses`, { method: 'DELETE' })
      toast(`Deleted ${count(done.responses)} responses and ${count(done.recoveries)} recovery answers.`)
    } catch (err) { toast(err.message, 'error') }
  }
  const remove = async () => {
    const ok = await confirmDialog({
      title: 'Delete this site?',
      message: ['The site, all its surveys and all their responses are deleted for good, and the snippet stops working.'],
      confirm: 'Delete site', danger: true, typed: site.name
    })
    if (!ok) return
    try {
      await api(`/sites/${site.id}`, { method: 'DELETE' })
      toast(`Site “${site.name}” deleted.`)
      navigate('#/sites')
    } catch (err) { toast(err.message, 'error') }
  }
  return h('section', { class: 'card' },
    h('h2', { text: 'Data and privacy' }),
    h('p', { class: 'muted', text: 'Answer a data request, or take everything with you.' }),
    h('div', { class: 'actions left' },
      h('a', { class: 'btn', href: apiUrl(`/sites/${site.id}/export`, { format: 'csv' }), download: '', text: 'Export all responses (CSV)' }),
      h('a', { class: 'btn', href: apiUrl(`/sites/${site.id}/export`), download: '', text: 'Export (JSON lines)' })),
    h('div', { class: 'danger-zone' },
      h('h3', { text: 'Danger zone' }),
      h('div', { class: 'actions left' },
        h('button', { type: 'button', class: 'btn danger', text: 'Delete all responses…', on: { click: erase } }),
        h('button', { type: 'button', class: 'btn danger', text: 'Delete site…', on: { click: remove } }))))
}
