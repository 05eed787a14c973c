// One survey on screen: question steps, the score-dependent follow-up, and the outcome screen's
// thanks; what follows the thanks (share, review, recovery) comes from the outcome file.

import { h, frame, editable, chunk } from './render.js'
import { CLI_ITEMS, SCALES, category, mainScore, thresholds } from './scoring.js'
import { UI, lookup } from './i18n.js'

/**
 * Show a survey. options = {locale_, base_, responseId_, preview_, step_, category_, place_ (an inline survey's element),
 * answer_({answers_, completed_, score_, category_, firstAt_}), recovered_({message, email, consent}),
 * closed_(answered)}. In preview nothing is stored or sent.
 */
export function open(survey, options) {
  const text = lookup(survey, options.locale_, UI), answers = {}
  const steps = [...survey.questions || []], main = steps[0], scored = SCALES[survey.kind]
  const followup = { id: 'followup', type: 'text', max_length: survey.followup?.max_length } // right after the main score
  survey.followup?.enabled && scored && steps.splice(1, 0, followup)
  let score, visitorCategory, answered = 0, firstAt, closed, touched
  const popup = frame(survey, text('title'), text('close'), () => { closed = 1; options.closed_(answered) }, options.place_)
  const add = (...elements) => popup.body_.append(...elements)
  // an inline card (place_) takes the focus only once the visitor has used it: it appears with the page
  const focus = () => editable(document.activeElement) || options.place_ && !touched || popup.box_.focus({ preventScroll: true })
  const button = (label, onclick, cls) => h('button', { class: cls, text: label, onclick }) // no <form>: no type needed
  const heading = words => add(h('p', { class: 'q', id: 'tq', text: words }))
  /** A group of answer buttons; the chosen one is marked aria-pressed. */
  const choose = (labelledBy, values, label, pick, cls = 'o v') => {
    const buttons = values.map(value => button(label(value), event => {
      buttons.forEach(other => other.setAttribute('aria-pressed', other == event.currentTarget))
      pick(value)
    }))
    return h('div', { class: cls, role: 'group', 'aria-labelledby': labelledBy }, ...buttons)
  }

  function step(index) {
    popup.body_.replaceChildren()
    const question = steps[index]
    if (!question) return outcome()
    const { id, type } = question, choices = question.options || [], scale = SCALES[type]
    const required = question.required ?? !!scale
    const next = value => {
      touched = 1
      if (value != null && value + '' !== '') firstAt = firstAt || Date.now(), answers[id] = value
      if (scored && question == main && id in answers) visitorCategory = category(survey, score = mainScore(question, value))
      if (answered = Object.keys(answers)[0] ? 1 : 0) {
        options.answer_({ answers_: { ...answers }, completed_: !steps[index + 1], score_: score, category_: visitorCategory, firstAt_: firstAt })
      }
      step(index + 1)
    }
    const choiceLabel = value => text('q.' + id + '.' + value) || value
    const footer = onclick => add(h('div', { class: 'o f' }, button(text(steps[index + 1] ? 'next' : 'send'), onclick, 'p')))
    heading(id == 'followup' ? text('followup.' + visitorCategory, 'followup') : text('q.' + id))
    if (scale) {
      const [low, high] = scale, points = [], row = (labelledBy, pick) => {
        const group = choose(labelledBy, points, point => point, pick, 's' + (high - low > 9 ? ' e' : ''))
        group.style.setProperty('--n', points.length)
        return group
      }
      for (let point = low; point <= high; point++) points.push(point)
      if (type == 'cli') {
        const items = {}
        for (const item of CLI_ITEMS) {
          add(h('p', { id: item, text: choiceLabel(item) }), row(item, point => { items[item] = point; Object.keys(items)[2] && next(items) }))
        }
      } else add(row('tq', next))
      add(h('div', { class: 'l' }, ...['low', 'high'].map(end => h('span', { text: text('q.' + id + '.' + end, type + '.' + end, 'nps.' + end) }))))
    } else if (type == 'single') {
      add(choose('tq', choices, choiceLabel, next))
      required || footer(() => next())
    } else {
      const boxes = choices.map(value => h('input', { type: 'checkbox', value }))
      const textarea = type != 'multi' && h('textarea', { 'aria-labelledby': 'tq', maxlength: question.max_length || 1000 })
      add(textarea || h('div', { class: 'o v', role: 'group', 'aria-labelledby': 'tq' }, ...boxes.map(box => h('label', {}, box, choiceLabel(box.value)))))
      footer(() => {
        const value = textarea ? textarea.value.trim() : boxes.filter(box => box.checked).map(box => box.value)
        required && !value[0] ? (textarea || boxes[0]).focus() : next(value)
      })
    }
    focus()
  }

  function outcome() {
    heading(text('thanks.' + visitorCategory, 'thanks'))
    focus()
    chunk(options.base_, 'outcome').then(show => closed || show({
      survey, text, add, h, button, focus, options, score, category: visitorCategory, close: popup.close_, box: popup.box_, body: popup.body_
    }))
  }

  const start = options.step_
  if (/^(promoter|passive|detractor)$/.test(start)) {
    visitorCategory = start
    score = thresholds(survey)?.[+(start != 'promoter')]
    outcome()
  } else {
    if (start == 'followup') visitorCategory = options.category_ || 'promoter', steps.splice(0, 99, followup)
    step(0)
  }
  return popup
}
