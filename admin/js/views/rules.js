// The rule tester: paste a URL, pick a device and a visitor, see which surveys would show and why not.

import { api } from '../api.js'
import { emptyState, field, h, replace, segmented } from '../dom.js'
import { DEVICE_LABELS, STATUS_LABELS, TRIGGER_LABELS, label } from '../format.js'
import { clearErrors, showErrors } from '../components/form-errors.js'

const RULE_LABELS = {
  link_only: 'Link only', schedule: 'Schedule', quota: 'Quota', device: 'Device', url_include: 'Page rules', url_exclude: 'Page rules',
  visitor: 'Visitor', language: 'Language', page_views: 'Page views', sampling: 'Sampling'
}

export function rulesTab(body, site) {
  const state = { device: 'desktop', visitor: 'new' }
  const domain = (site.allowed_domains[0] || 'www.example.com').replace(/^\*\./, '')
  const url = h('input', { type: 'url', required: true, placeholder: `https://${domain}/products/shoes`, id: 'rule-url' })
  url.value = sessionStorage.getItem(`touchpoint.rule-url.${site.id}`) || `https://${domain}/`
  const language = h('input', { type: 'text', placeholder: 'any', maxlength: 35, size: 8, id: 'rule-language' })
  const results = h('div', { class: 'verdicts', 'aria-live': 'polite' })
  const form = h('form', { class: 'card rule-form', novalidate: true },
    h('h2', { text: 'Would a visitor see a survey here?' }),
    h('p', { class: 'muted', text: 'Checks every survey of this site, drafts included, against its rules, in the order they win when several are due at once (set it on the Surveys tab). Nothing is shown to anyone.' }),
    field('Page address', url, { name: 'url', wide: true }),
    h('div', { class: 'row wrap' },
      h('div', { class: 'field', dataset: { field: 'device' } }, h('span', { class: 'label', text: 'Device' }),
        segmented(Object.entries(DEVICE_LABELS), state.device, v => { state.device = v; run() }, 'Device')),
      h('div', { class: 'field', dataset: { field: 'visitor' } }, h('span', { class: 'label', text: 'Visitor' }),
        segmented([['new', 'First visit'], ['returning', 'Returning']], state.visitor, v => { state.visitor = v; run() }, 'Visitor')),
      field('Language', language, { name: 'language', hint: 'e.g. en, ru, pt-BR' })),
    h('div', { class: 'actions left' }, h('button', { type: 'submit', class: 'btn primary', text: 'Test' })))

  async function run() {
    sessionStorage.setItem(`touchpoint.rule-url.${site.id}`, url.value.trim())
    try {
      const body = { url: url.value.trim(), device: state.device, visitor: state.visitor, language: language.value.trim() || null }
      const verdicts = await api(`/sites/${site.id}/rule-test`, { method: 'POST', body })
      clearErrors(form)
      replace(results, verdicts.surveys.length ? h('ol', { class: 'verdict-list' }, verdicts.surveys.map((v, i) => h('li', {}, verdictCard(v, i + 1))))
        : emptyState('This site has no surveys yet', 'Create one on the Surveys tab, then test it here before you publish it.'))
    } catch (err) {
      showErrors(form, err, { scroll: false })
    }
  }
  form.addEventListener('submit', e => { e.preventDefault(); run() })
  replace(body, form, results)
  run()
}

/** One survey's verdict; `place` is its place in the site's order (1 wins over 2 when both are due). */
function verdictCard(v, place) {
  const shows = v.would_show
  return h('article', { class: `verdict ${shows ? 'shows' : 'stopped'}`, dataset: { survey: v.survey_id } },
    h('div', { class: 'verdict-icon', 'aria-hidden': 'true', text: shows ? '✓' : '✕' }),
    h('div', { class: 'verdict-body' },
      h('h3', {}, h('span', { class: 'order-number', title: 'Its place in the site\'s order', text: String(place) }), ' ',
        h('a', { href: `#/surveys/${v.survey_id}`, text: v.name }), ' ',
        v.touchpoint && h('span', { class: 'muted small', text: `${v.touchpoint} ` }),
        h('span', { class: `chip status-${v.status}`, text: label(STATUS_LABELS, v.status) })),
      h('p', { class: 'verdict-line' }, shows
        ? h('strong', { text: v.live ? 'Would show' : v.status === 'paused' ? 'Would show once resumed' : 'Would show once published' })
        : [h('strong', { text: `Stopped by ${label(RULE_LABELS, v.stopped_by.rule).toLowerCase()}: ` }), v.stopped_by.message]),
      shows && v.trigger && h('p', { class: 'muted small', text: `Then it waits for its trigger: ${label(TRIGGER_LABELS, v.trigger).toLowerCase()}.` }),
      v.notes.map(note => h('p', { class: 'muted small', text: note }))))
}
