// The admin's live preview (admin/preview.html loads dist/widget-preview.js): the widget's own popup
// renderer, fed the unsaved survey by postMessage from the builder. Built into its own file so
// visitors' pages never carry it. Nothing is stored or sent: no config, memory-only state, and the
// popup's preview mode records nothing.

import { settings } from './config.js'
import { memoryOnly } from './storage.js'
import { open } from './popup.js'
import { language } from './i18n.js'
import { safe } from './util.js'

const base = settings().base_
let showing

memoryOnly()
window.touchpoint = { tp: 1 } // where the outcome file leaves its function
addEventListener('message', safe(message => {
  const data = message.data
  if (message.origin != location.origin || data?.type != 'touchpoint:preview' || !data.survey) return
  showing?.close_()
  showing = open(data.survey, {
    locale_: data.locale || language(), base_: base, responseId_: 'preview', preview_: 1, step_: data.step,
    category_: data.category, answer_() {}, closed_() {}
  })
}))
