// Case metrics as the results page and the touchpoint map show them: open cases, times, SLA and recovery.

import { h } from '../dom.js'
import { count, hoursText, percent } from '../format.js'

/** The results page's card: this touchpoint's cases (the site's in brackets) and the site's recovery rate. */
export function caseMetricsCard(cases, touchpoint) {
  if (!cases || !cases.site.cases) return null
  const tp = cases.touchpoint, site = cases.site, recovery = cases.recovery
  const stat = (name, value, note) => h('div', { class: 'stat' }, h('span', { class: 'stat-label', text: name }),
    h('strong', { class: 'stat-value', text: value }), note && h('span', { class: 'stat-note', text: note }))
  return h('section', { class: 'card case-metrics', 'aria-labelledby': 'case-metrics-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'case-metrics-title', text: `Cases${touchpoint ? ` at “${touchpoint}”` : ''}` }),
      h('a', { href: '#/inbox/all', text: 'Open the inbox' })),
    h('div', { class: 'case-stats' },
      stat('Open cases', count(tp.open), `${count(site.open)} on the whole site`),
      stat('Median time to first action', hoursText(tp.median_first_action_hours), `site: ${hoursText(site.median_first_action_hours)}`),
      stat('Median time to resolve', hoursText(tp.median_resolve_hours), `site: ${hoursText(site.median_resolve_hours)}`),
      stat('Within SLA', percent(tp.within_sla_percent), `site: ${percent(site.within_sla_percent)}`),
      stat('Recovery rate', percent(recovery.rate_percent), recovery.answered_again
        ? `${count(recovery.recovered)} of ${count(recovery.answered_again)} answered again no longer detractors`
        : 'No customer with a closed case has answered again yet')))
}

/** A touchpoint card's line: "2 open cases · 80 % within SLA" (nothing when it has no cases). */
export function caseLine(metrics) {
  if (!metrics || !metrics.cases) return null
  return h('span', { class: 'tp-cases', text: `${count(metrics.open)} open ${metrics.open === 1 ? 'case' : 'cases'} · ${percent(metrics.within_sla_percent)} within SLA` })
}

/** The map's line for the whole site. */
export function siteCasesLine(cases, recovery) {
  if (!cases || !cases.cases) return null
  return h('p', { class: 'muted small site-cases' },
    `Cases: ${count(cases.open)} open of ${count(cases.cases)}, first action in ${hoursText(cases.median_first_action_hours)}, `,
    `resolved in ${hoursText(cases.median_resolve_hours)} (medians), ${percent(cases.within_sla_percent)} within SLA, recovery rate ${percent(recovery.rate_percent)}.`)
}
