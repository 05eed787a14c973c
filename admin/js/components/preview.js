// The live preview: the real widget renderer in an iframe (/admin/preview.html loads /widget-preview.js),
// fed the public view of the unsaved survey by postMessage, at computer or phone size.

import { h, segmented, select } from '../dom.js'

const SIZES = { desktop: [1024, 680], phone: [390, 760] }
// A computer-size page scaled into the preview column shrinks the popup's text to about 7 px: by default it shows
// at 100 % in a stage that scrolls, scrolled to the popup; "Fit" shows the whole page.
// The choice holds for the rest of the visit.
let desktopZoom = 'actual'
const ACTUAL_MAX_HEIGHT = 460
const STEPS = [['question', 'Question'], ['followup', 'Follow-up'], ['promoter', 'Promoter'], ['passive', 'Passive'], ['detractor', 'Detractor']]

export function previewPane() {
  const state = { device: 'desktop', step: 'question', category: 'promoter', locale: null, survey: null, loaded: false }
  const frame = h('iframe', { src: '/admin/preview.html', title: 'Live preview of the survey', class: 'preview-frame' })
  const stage = h('div', { class: 'preview-stage' }, frame)
  const locales = h('span', { class: 'preview-locale' })
  const category = h('span', { class: 'preview-category' })
  const steps = h('span')
  const note = h('p', { class: 'hint', text: 'Exactly what visitors will see. Nothing is saved or sent from here.' })
  const zoom = h('span', { class: 'preview-zoom' },
    segmented([['actual', '100 %'], ['fit', 'Fit']], desktopZoom, v => { desktopZoom = v; layout(); revealSoon() }, 'Computer preview zoom'))
  const el = h('aside', { class: 'preview card', 'aria-label': 'Live preview' },
    h('div', { class: 'preview-head' }, h('h2', { text: 'Live preview' }),
      h('span', { class: 'preview-sizes' }, zoom,
        segmented([['desktop', 'Computer'], ['phone', 'Phone']], state.device, v => { state.device = v; layout(); post(); revealSoon() }, 'Preview size'))),
    h('div', { class: 'preview-controls' }, steps, category, locales),
    stage, note)

  function layout() {
    const [w, hgt] = SIZES[state.device]
    const actual = state.device === 'desktop' && desktopZoom === 'actual'
    const room = Math.max(200, stage.clientWidth || 480)
    const scale = actual ? 1 : Math.min(1, room / w, state.device === 'phone' ? 560 / hgt : 1)
    frame.style.width = `${w}px`
    frame.style.height = `${hgt}px`
    frame.style.transform = `scale(${scale})`
    frame.style.left = `${Math.max(0, (room - w * scale) / 2)}px`
    frame.style.top = state.device === 'phone' ? '10px' : '0'
    stage.style.height = actual ? `${Math.min(hgt, ACTUAL_MAX_HEIGHT)}px` : `${Math.ceil(hgt * scale) + (state.device === 'phone' ? 20 : 0)}px`
    stage.classList.toggle('phone', state.device === 'phone')
    stage.classList.toggle('actual', actual)
    // a region that scrolls must be reachable from the keyboard (arrow keys scroll it once focused)
    if (actual) {
      stage.tabIndex = 0
      stage.setAttribute('role', 'region')
      stage.setAttribute('aria-label', 'Computer preview at 100 %, scrolls to show the whole page')
    } else {
      stage.removeAttribute('tabindex')
      stage.removeAttribute('role')
      stage.removeAttribute('aria-label')
    }
    zoom.hidden = state.device !== 'desktop'
  }

  /** At 100 %, scroll the stage to the popup (the widget's open shadow root): all of it when it fits, else its start. */
  function revealPopup(tries = 10) {
    if (!stage.classList.contains('actual')) return
    const dialog = frame.contentDocument?.querySelector('touchpoint-widget')?.shadowRoot?.querySelector('[role=dialog]')
    if (!dialog) { if (tries) setTimeout(() => revealPopup(tries - 1), 100); return }
    const r = dialog.getBoundingClientRect()
    stage.scrollTo(Math.max(0, Math.min(r.left - 8, r.right + 8 - stage.clientWidth)), Math.max(0, Math.min(r.top - 8, r.bottom + 8 - stage.clientHeight)))
  }
  // the widget draws a posted survey a moment later: look for the popup after that
  const revealSoon = () => setTimeout(revealPopup, 150)
  let position = null

  function post() {
    if (!state.loaded || !state.survey) return
    frame.contentWindow.postMessage({
      type: 'touchpoint:preview', survey: state.survey, locale: state.locale || state.survey.default_locale,
      step: state.step, category: state.category
    }, location.origin)
  }

  function controls() {
    const scored = ['nps', 'csat', 'ces', 'cli'].includes(state.survey?.kind)
    // a custom survey has no categories: its thank-you screen is shown through the neutral "passive" step
    const available = scored ? STEPS : [['question', 'Question'], ['passive', 'Thank-you']]
    if (!available.some(([s]) => s === state.step)) state.step = 'question'
    steps.replaceChildren(segmented(available, state.step, v => { state.step = v; controls(); post() }, 'Step'))
    category.replaceChildren()
    if (state.step === 'followup') {
      category.append(select([['promoter', 'as a promoter'], ['passive', 'as a passive'], ['detractor', 'as a detractor']],
        state.category, v => { state.category = v; post() }, { 'aria-label': 'Follow-up wording' }))
    }
    const codes = Object.keys(state.survey?.texts || {})
    locales.replaceChildren()
    if (codes.length > 1) {
      if (!codes.includes(state.locale)) state.locale = state.survey.default_locale
      locales.append(select(codes.map(c => [c, c]), state.locale, v => { state.locale = v; post() }, { 'aria-label': 'Preview language' }))
    }
  }

  frame.addEventListener('load', () => { state.loaded = true; post() })
  const resize = new ResizeObserver(() => layout())
  resize.observe(stage)
  layout()
  return {
    el,
    /** Show a survey (the public view from POST /api/admin/surveys/preview). */
    update(survey) {
      state.survey = survey
      controls()
      post()
      if (survey.appearance?.position !== position) { position = survey.appearance?.position; revealSoon() }
    },
    destroy() { resize.disconnect() }
  }
}
