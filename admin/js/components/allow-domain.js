// "Allow shop.example": add one domain to a site's allowed domains, then redraw the settings page.

import { api } from '../api.js'
import { toast } from '../dom.js'
import { navigate } from '../router.js'

/** Add `host` to the site's allowed domains (an admin's one click from a refused origin or a check's advice). */
export async function allowDomain(site, host) {
  const domains = [...new Set([...site.allowed_domains, host])]
  try {
    await api(`/sites/${site.id}`, { method: 'PATCH', body: { allowed_domains: domains } })
    toast(`${host} is allowed. Its pages get surveys within a minute.`)
    navigate(`#/sites/${site.id}/settings`)
  } catch (err) { toast(err.message, 'error') }
}
