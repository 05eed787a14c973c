// The survey builder: every field of the survey format, inline errors from the server, live preview,
// status, duplicate and delete.

import { api } from '../api.js'
import { loadSurveyFormat } from '../survey-format.js'
import { confirmDialog, h, replace, toast } from '../dom.js'
import { guardLeaving, navigate } from '../router.js'
import { isAdmin } from '../session.js'
import { KIND_LABELS, STATUS_LABELS, count, label } from '../format.js'
import { basics, outcomes, questions, texts } from '../builder/content.js'
import { appearance, audience, frequency, trigger } from '../builder/targeting.js'
import { link } from '../builder/link.js'
import { editable } from '../builder/model.js'
import { clearErrors, showErrors } from '../components/form-errors.js'
import { previewPane } from '../components/preview.js'

const SECTIONS = [
  ['basics', 'Basics', 'Name, touchpoint and journey stage', basics],
  ['questions', 'Questions', 'What you ask, and the follow-up', questions],
  ['texts', 'Texts', 'The wording, per language', texts],
  ['trigger', 'When it shows', 'The moment on the page', trigger],
  ['audience', 'Who sees it', 'Pages, devices, visitors, languages, sampling', audience],
  ['frequency', 'How often', 'Repeat, schedule and quota', frequency],
  ['appearance', 'Look', 'Position, colours, theme, font, CSS', appearance],
  ['outcomes', 'After the answer', 'Share buttons, review link, recovery page, thresholds', outcomes],
  ['link', 'Link', 'A link and QR code for e-mail, SMS and print', link]
]
const VALIDATE_DELAY = 350

export async function builderView(main, surveyId) {
  await loadSurveyFormat()
  let survey = await api(`/surveys/${surveyId}`)
  const site = await api(`/sites/${survey.site_id}`)
  const draft = editable(survey)
  let saved = JSON.stringify(draft)
  let timer = null
  let validation = 0
  const ui = { locale: draft.default_locale, open: new Set(['basics', 'questions']) }
  const ctx = { draft, readonly: !isAdmin(), change, surveyId, linkKey: () => survey.link_key }
  const form = h('div', { class: 'builder-form' })
  const summary = h('div', { class: 'notice error', role: 'alert', hidden: true })
  const head = h('div', { class: 'builder-head' })
  const preview = previewPane()
  const dirty = () => JSON.stringify(draft) !== saved

  function render() {
    const y = window.scrollY
    // the toggle event comes a task after a section opens: a re-render before it would close the section again
    for (const shown of form.querySelectorAll('details[data-section]')) {
      shown.open ? ui.open.add(shown.dataset.section) : ui.open.delete(shown.dataset.section)
    }
    replace(form, SECTIONS.map(([id, title, subtitle, section]) => {
      const details = h('details', { class: 'section card', open: ui.open.has(id), dataset: { section: id } },
        h('summary', {}, h('h2', { class: 'section-title', text: title }), h('span', { class: 'section-sub', text: subtitle })),
        h('div', { class: 'section-body' }, section(ctx, ui)))
      details.addEventListener('toggle', () => details.open ? ui.open.add(id) : ui.open.delete(id))
      return details
    }))
    window.scrollTo(0, y)
    renderHead()
  }

  function renderHead() {
    const status = survey.status
    const changed = dirty()
    const next = { draft: ['active', 'Publish'], active: ['paused', 'Pause'], paused: ['active', 'Resume'] }[status]
    replace(head,
      h('div', { class: 'builder-title' },
        h('h1', { text: draft.name || 'Untitled survey' }),
        h('span', { class: `chip status-${status}`, text: label(STATUS_LABELS, status) }),
        h('span', { class: 'kind', text: KIND_LABELS[draft.kind] }),
        changed && h('span', { class: 'unsaved', text: 'Unsaved changes' })),
      h('div', { class: 'builder-actions' },
        h('a', { class: 'btn', href: `#/sites/${site.id}/rules`, text: 'Test rules' }),
        h('a', { class: 'btn', href: `#/surveys/${survey.id}/results`, text: 'Results' }),
        isAdmin() && [
          h('button', { type: 'button', class: 'btn', text: 'Duplicate', on: { click: duplicate } }),
          h('button', { type: 'button', class: 'btn danger-text', text: 'Delete', on: { click: remove } }),
          status !== 'draft' && h('button', { type: 'button', class: 'btn', text: 'Back to draft', on: { click: () => setStatus('draft') } })
        ]),
      // its own box: on a phone only this pair stays stuck under the top bar (the rest of the head scrolls away)
      isAdmin() && h('div', { class: 'builder-save' },
        h('button', { type: 'button', class: 'btn', text: changed ? `Save & ${next[1].toLowerCase()}` : next[1], on: { click: () => setStatus(next[0]) } }),
        h('button', { type: 'button', class: `btn ${changed ? 'primary' : ''}`, text: changed ? 'Save changes' : 'Saved', disabled: !changed, on: { click: save } })))
    measureHead()
  }

  /** The height of what sticks under the top bar, for the sticky preview and for scrolling focused fields clear of it. */
  function measureHead() {
    const stuck = getComputedStyle(head).display === 'contents' ? head.querySelector('.builder-save') : head
    document.documentElement.style.setProperty('--builder-head-h', `${stuck?.offsetHeight || 0}px`)
  }

  function change({ rerender = false, silent = false } = {}) {
    if (rerender) render()
    else renderHead()
    if (silent) return
    clearTimeout(timer)
    timer = setTimeout(validate, VALIDATE_DELAY)
  }

  /** Ask the server to validate the unsaved draft; show its errors inline, or feed the preview. */
  async function validate() {
    const mine = ++validation
    try {
      const body = await api('/surveys/preview', { method: 'POST', body: draft })
      if (mine !== validation) return
      clearErrors(form)
      summary.hidden = true
      preview.update(body.survey)
    } catch (err) {
      if (mine !== validation) return
      if (err.status === 422) showErrors(form, err, { summary, scroll: false })
    }
  }

  /** Replace the draft's contents with what the server stored (it fills defaults). */
  function adopt(stored) {
    survey = stored
    for (const key of Object.keys(draft)) delete draft[key]
    Object.assign(draft, editable(stored))
    saved = JSON.stringify(draft)
    render()
    validate()
  }

  async function save() {
    try {
      adopt(await api(`/surveys/${survey.id}`, { method: 'PUT', body: draft }))
      toast(survey.status === 'active' ? 'Saved. Live pages pick up the change within a minute.' : 'Saved.')
      return true
    } catch (err) {
      refused(err)
      return false
    }
  }

  async function setStatus(status) {
    try {
      const stored = dirty()
        ? await api(`/surveys/${survey.id}`, { method: 'PUT', body: { ...draft, status } })
        : await api(`/surveys/${survey.id}/status`, { method: 'PATCH', body: { status } })
      adopt(stored)
      toast({ active: 'Published: it shows on your site within a minute.', paused: 'Paused: visitors no longer see it.', draft: 'Back to draft: visitors no longer see it.' }[status])
    } catch (err) {
      refused(err)
    }
  }

  /** The server refused a save: open the sections concerned, mark the fields, say so. */
  function refused(err) {
    openSectionsWithErrors(err)
    showErrors(form, err, { summary })
    const n = Object.keys(err.errors || {}).length
    if (n) toast(`Not saved: ${n === 1 ? 'one field needs' : `${n} fields need`} attention (marked in red).`, 'error')
  }

  function openSectionsWithErrors(err) {
    const roots = new Set(Object.keys(err.errors || {}).map(name => name.split('.')[0]))
    const owner = { name: 'basics', touchpoint: 'basics', journey_stage: 'basics', kind: 'basics', status: 'basics', questions: 'questions', followup: 'questions',
      texts: 'texts', default_locale: 'texts', trigger: 'trigger', audience: 'audience', frequency: 'frequency', schedule_start: 'frequency',
      schedule_end: 'frequency', quota: 'frequency', appearance: 'appearance', outcomes: 'outcomes' }
    let reopened = false
    roots.forEach(r => { if (owner[r] && !ui.open.has(owner[r])) { ui.open.add(owner[r]); reopened = true } })
    if (reopened) render()
  }

  async function duplicate() {
    if (dirty() && !await confirmDialog({ title: 'Copy the saved version?', message: 'The copy is made from the last saved version; your unsaved changes are not in it.', confirm: 'Make a copy' })) return
    try {
      const copy = await api(`/surveys/${survey.id}/duplicate`, { method: 'POST' })
      saved = JSON.stringify(draft) // leaving on purpose
      toast(`Copied as draft “${copy.name}”.`)
      navigate(`#/surveys/${copy.id}`)
    } catch (err) { toast(err.message, 'error') }
  }

  async function remove() {
    const fresh = await api(`/surveys/${survey.id}`)
    const n = fresh.responses
    const ok = await confirmDialog({
      title: `Delete “${survey.name}”?`,
      message: [n ? `Its ${count(n)} ${n === 1 ? 'response' : 'responses'}, with their comments and recovery answers, will be deleted too. This cannot be undone.`
        : 'It has no responses yet. This cannot be undone.',
      n ? 'To keep the results, export them first from the Results page, or pause the survey instead.' : ''].filter(Boolean),
      confirm: n ? `Delete survey and ${count(n)} ${n === 1 ? 'response' : 'responses'}` : 'Delete survey', danger: true
    })
    if (!ok) return
    try {
      const done = await api(`/surveys/${survey.id}`, { method: 'DELETE' })
      saved = JSON.stringify(draft)
      toast(`Deleted, with ${count(done.responses_deleted)} responses.`)
      navigate(`#/sites/${site.id}`)
    } catch (err) { toast(err.message, 'error') }
  }

  const onKey = e => {
    if ((e.ctrlKey || e.metaKey) && e.key === 's' && isAdmin()) { e.preventDefault(); if (dirty()) save() }
  }
  document.addEventListener('keydown', onKey)
  guardLeaving(main, force => !dirty() || (!force && window.confirm('You have unsaved changes. Leave without saving them?')))

  replace(main, h('div', { class: 'page wide' },
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' },
      h('a', { href: '#/sites', text: 'Sites' }), h('a', { href: `#/sites/${site.id}`, text: site.name }), h('span', { text: survey.name })),
    head,
    ctx.readonly && h('p', { class: 'notice', text: 'You are a viewer: you can look at this survey but not change it.' }),
    summary,
    h('div', { class: 'builder' }, form, preview.el)))
  render()
  validate()
  window.addEventListener('resize', measureHead)
  return () => {
    document.removeEventListener('keydown', onKey)
    window.removeEventListener('resize', measureHead)
    document.documentElement.style.removeProperty('--builder-head-h')
    clearTimeout(timer)
    preview.destroy()
  }
}
