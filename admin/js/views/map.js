// The touchpoint map: the nine journey stages as columns, each touchpoint with its score, trend, count and cases.

import { api } from '../api.js'
import { emptyState, h, replace, segmented, select } from '../dom.js'
import { METRIC_LABELS, STAGE_LABELS, STATUS_LABELS, channelLabel, count, label, scoreText } from '../format.js'
import { caseLine, siteCasesLine } from '../components/case-metrics.js'

const ARROWS = { up: ['↑', 'Better than the period before'], down: ['↓', 'Worse than the period before'],
  flat: ['→', 'Same as the period before'], none: ['', 'Not enough answers to compare'] }

export async function mapTab(body, site) {
  let days = Number(sessionStorage.getItem('touchpoint.map-days')) || 30
  const board = h('div', { class: 'map-wrap' })
  const casesSummary = h('div', { class: 'cases-slot' })
  const channelSlot = h('span', { class: 'map-channel' })
  let channel = ''
  async function load() {
    sessionStorage.setItem('touchpoint.map-days', days)
    const map = await api(`/sites/${site.id}/touchpoints`, { query: { days, channel } })
    // a channel filter only where answers come through more than the popup (a survey has a link)
    replace(channelSlot, map.channels.length > 1 && h('label', { class: 'inline-field' }, 'Channel ',
      select([['', 'All channels'], ...map.channels.map(c => [c, channelLabel(c)])], channel, v => { channel = v; load() }, { id: 'map-channel' })))
    const total = map.stages.reduce((n, s) => n + s.touchpoints.length, 0)
    replace(casesSummary, siteCasesLine(map.cases, map.recovery))
    replace(board, total ? h('ol', { class: 'map', 'aria-label': 'Customer journey' }, map.stages.map(stageColumn)) : emptyState(
      'No touchpoints yet', 'Every survey is a touchpoint on the customer journey. Create surveys and set their journey stage to fill this map.'))
  }
  replace(body,
    h('div', { class: 'toolbar' },
      h('p', { class: 'muted', text: 'Scores per touchpoint along the customer journey. The weakest touchpoint of each score type is marked in red.' }),
      h('span', { class: 'row wrap' }, channelSlot,
        segmented([[7, '7 days'], [30, '30 days'], [90, '90 days']], days, v => { days = v; load() }, 'Period'))),
    casesSummary,
    board)
  await load()
}

// A stage is an item of the journey's ordered list, named by its heading (h2: the site's name is the h1)
function stageColumn(stage) {
  return h('li', { class: 'stage' },
    h('h2', { class: 'stage-name', text: label(STAGE_LABELS, stage.stage) }),
    stage.touchpoints.length ? stage.touchpoints.map(touchpointCard) : h('p', { class: 'stage-empty', text: 'No touchpoint' }))
}

function touchpointCard(t) {
  const [arrow, arrowText] = ARROWS[t.trend]
  return h('a', { class: `touchpoint${t.weakest ? ' weakest' : ''}${t.status !== 'active' ? ' inactive' : ''}`, href: `#/surveys/${t.survey_id}/results` },
    t.weakest && h('span', { class: 'badge-weak', text: 'Weakest' }),
    h('span', { class: 'tp-label', text: t.touchpoint }),
    h('span', { class: 'tp-score' },
      h('strong', { text: t.metric ? scoreText(t.metric, t.score) : '—' }),
      t.trend !== 'none' && h('span', { class: `arrow trend-${t.trend}`, title: arrowText, 'aria-label': arrowText, text: arrow })),
    h('span', { class: 'tp-meta', text: `${t.metric ? label(METRIC_LABELS, t.metric) : 'No score'} · ${count(t.responses)} ${t.responses === 1 ? 'response' : 'responses'}` }),
    caseLine(t.cases),
    t.status !== 'active' && h('span', { class: `chip status-${t.status}`, text: label(STATUS_LABELS, t.status) }))
}
