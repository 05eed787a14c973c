// "Check installation": the server reads a page of the site and says whether the snippet is on it.

import { api } from '../api.js'
import { field, h, replace } from '../dom.js'
import { allowDomain } from './allow-domain.js'
import { clearErrors, showErrors } from './form-errors.js'

const GOOD = new Set(['ok'])

/** A small form for admins: a page URL in, a one-sentence verdict out (announced to screen readers). */
export function installationCheck(site) {
  const firstDomain = (site.allowed_domains || []).find(d => !d.startsWith('*.'))
  const url = h('input', { type: 'url', inputmode: 'url', placeholder: 'https://shop.example/', value: firstDomain ? `https://${firstDomain}/` : '' })
  const result = h('div', { class: 'check-result', role: 'status', 'aria-live': 'polite' })
  const button = h('button', { type: 'submit', class: 'btn', text: 'Check installation' })
  const form = h('form', { class: 'install-check', novalidate: true },
    field('Page to check', url, { name: 'url', hint: 'The server fetches this page and looks for the snippet with this site\'s key.' }),
    h('div', { class: 'actions left' }, button), result)
  form.addEventListener('submit', async e => {
    e.preventDefault()
    clearErrors(form)
    replace(result, h('p', { class: 'muted', text: 'Checking…' }))
    button.disabled = true
    try {
      const found = await api(`/sites/${site.id}/installation-check`, { method: 'POST', body: { url: url.value.trim() } })
      replace(result, h('p', { class: GOOD.has(found.status) ? 'check-ok' : 'check-problem' },
        h('strong', { text: GOOD.has(found.status) ? 'Installed. ' : 'Not yet. ' }), found.message),
      found.also_allow && h('button', { type: 'button', class: 'btn small', text: `Allow ${found.also_allow}`,
        on: { click: () => allowDomain(site, found.also_allow) } }))
    } catch (err) {
      replace(result)
      showErrors(form, err)
    } finally {
      button.disabled = false
    }
  })
  return form
}
