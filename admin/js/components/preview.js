// The live preview: the real widget in an iframe (/admin/preview.html loads /widget.js with data-preview),
// fed the public view of the unsaved survey by postMessage, at computer or phone size.

import { h, segmented, select } from '../dom.js'

const SIZES = { desktop: [1024, 680], phone: [390, 760] }
const STEPS = [['question', 'Question'], ['followup', 'Follow-up'], ['promoter', 'Promoter'], ['passive', 'Passive'], ['detractor', 'Detractor']]

export function previewPane() {
  const state = { device: 'desktop', step: 'question', category: 'promoter', locale: null, survey: null, loaded: false }
  const frame = h('iframe', { src: '/admin/preview.html', title: 'Live preview of the survey', class: 'preview-frame' })
  const stage = h('div', { class: 'preview-stage' }, frame)
  const locales = h('span', { class: 'preview-locale' })
  const category = h('span', { class: 'preview-category' })
  const steps = h('span')
  const note = h('p', { class: 'hint', text: 'Exactly what visitors will see. Nothing is saved or sent from here.' })
  const el = h('aside', { class: 'preview card', 'aria-label': 'Live preview' },
    h('div', { class: 'preview-head' }, h('h2', { text: 'Live preview' }),
      segmented([['desktop', 'Computer'], ['phone', 'Phone']], state.device, v => { state.device = v; layout(); post() }, 'Preview size')),
    h('div', { class: 'preview-controls' }, steps, category, locales),
    stage, note)

  function layout() {
    const [w, hgt] = SIZES[state.device]
    const room = Math.max(200, stage.clientWidth || 480)
    const scale = Math.min(1, room / w, state.device === 'phone' ? 560 / hgt : 1)
    frame.style.width = `${w}px`
    frame.style.height = `${hgt}px`
    frame.style.transform = `scale(${scale})`
    frame.style.left = `${Math.max(0, (room - w * scale) / 2)}px`
    frame.style.top = state.device === 'phone' ? '10px' : '0'
    stage.style.height = `${Math.ceil(hgt * scale) + (state.device === 'phone' ? 20 : 0)}px`
    stage.classList.toggle('phone', state.device === 'phone')
  }

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
    update(survey) { state.survey = survey; controls(); post() },
    destroy() { resize.disconnect() }
  }
}
